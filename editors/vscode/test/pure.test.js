// Tests of the extension's parts without the vscode API, under plain node:
//   tsc -p tsconfig.pure.json && node test/pure.test.js [OUT_DIR, default ../out]
const assert = require('assert');
const path = require('path');
const out = process.argv[2] || path.join(__dirname, '..', 'out');
const { serverSettings, objectSource, SERVER_KEYS } = require(path.join(out, 'src', 'settings.js'));
const { ServerStatus } = require(path.join(out, 'src', 'status.js'));
const { ProgressRouter } = require(path.join(out, 'src', 'progress.js'));

// Defaults (package.json's "" and null) send nothing: the server keeps its own defaults.
assert.deepStrictEqual(serverSettings(objectSource({ model: '', threads: null, 'strategy.automatic': '' })), {});

// Every key of the README's table, dotted strategy keys nested.
const all = serverSettings(objectSource({
  model: 'qwen2.5-coder-1.5b', threads: 4, maxTokens: 64, contextTokens: 2048, suffixTokens: 64, candidates: 2,
  'strategy.automatic': 'greedy', 'strategy.invoked': 'beam:4', debounceMs: 50, logLevel: 'debug', logFile: '/tmp/i.log',
}));
assert.deepStrictEqual(all, {
  model: 'qwen2.5-coder-1.5b', threads: 4, maxTokens: 64, contextTokens: 2048, suffixTokens: 64, candidates: 2,
  strategy: { automatic: 'greedy', invoked: 'beam:4' }, debounceMs: 50, logLevel: 'debug', logFile: '/tmp/i.log',
});
assert.strictEqual(SERVER_KEYS.length, 18);
assert.deepStrictEqual(serverSettings(objectSource({ model: 'qwen2.5-coder-0.5b', taskModel: 'qwen2.5-coder-1.5b' })),
  { model: 'qwen2.5-coder-0.5b', taskModel: 'qwen2.5-coder-1.5b' });
// The code-task settings pass through as they are (false included: it is a value, not unset).
assert.deepStrictEqual(serverSettings(objectSource({ allowRunningCode: false, taskMaxTokens: 128, taskCandidates: 1, taskRepair: false })),
  { allowRunningCode: false, taskMaxTokens: 128, taskCandidates: 1, taskRepair: false });
// One strategy alone.
assert.deepStrictEqual(serverSettings(objectSource({ 'strategy.invoked': 'beam:2' })), { strategy: { invoked: 'beam:2' } });
// Keys the server does not know are not sent.
assert.deepStrictEqual(serverSettings(objectSource({ command: '/usr/bin/infill', model: 'x' })), { model: 'x' });

// The status item: starting, loading with progress, ready from the server's log message, failure.
const status = new ServerStatus();
assert.match(status.view.text, /circle-slash/);
status.starting();
assert.strictEqual(status.view.busy, true);
status.progress({ kind: 'begin', title: 'infill: loading qwen2.5-coder-0.5b' });
status.progress({ kind: 'report', message: 'tensors', percentage: 40 });
assert.strictEqual(status.view.text, '$(loading~spin) Infill 40%');
assert.strictEqual(status.view.tooltip, 'infill: loading qwen2.5-coder-0.5b: tensors');
status.message(3, 'model qwen2.5-coder-0.5b ready');
assert.deepStrictEqual(status.view, { text: '$(check) Infill', tooltip: 'Infill: qwen2.5-coder-0.5b ready', busy: false });
status.message(3, 'task model qwen2.5-coder-1.5b ready');     // the task model's: the status names the completion model
assert.deepStrictEqual(status.view, { text: '$(check) Infill', tooltip: 'Infill: qwen2.5-coder-0.5b ready', busy: false });
status.progress({ kind: 'report', percentage: 90 });          // a stray report after ready changes nothing
assert.strictEqual(status.view.text, '$(check) Infill');
status.message(4, 'unknown setting x');
assert.strictEqual(status.view.text, '$(check) Infill');
status.message(1, 'cannot load model nope: no such file');
assert.strictEqual(status.view.text, '$(error) Infill');
status.progress({ kind: 'begin', title: 'loading' });
status.progress({ kind: 'end' });
assert.strictEqual(status.view.text, '$(check) Infill');
// Progress: a cancellable task gets a notification whose Cancel sends window/workDoneProgress/cancel for its
// token; the model load (not cancellable) goes to the status bar; the two at once do not mix.
const shown = [];
const barValues = [];
const cancelled = [];
const ui = {
  notify(title, onCancel) {
    const note = { title, onCancel, reports: [], closed: false };
    shown.push(note);
    return { report: (message, increment) => note.reports.push({ message, increment }), close: () => { note.closed = true; } };
  },
};
const router = new ProgressRouter(ui, (value) => barValues.push(value), (token) => cancelled.push(token));
router.handle('load-1', { kind: 'begin', title: 'infill: loading qwen2.5-coder-1.5b', percentage: 0 });
router.handle(7, { kind: 'begin', title: 'infill: translating Python to Rust', cancellable: true, percentage: 10 });
router.handle(7, { kind: 'report', message: '40 tokens', percentage: 35 });
router.handle('load-1', { kind: 'report', percentage: 50 });
assert.strictEqual(shown.length, 1, 'one notification: the task');
assert.strictEqual(shown[0].title, 'infill: translating Python to Rust');
assert.deepStrictEqual(shown[0].reports, [{ message: undefined, increment: 10 }, { message: '40 tokens', increment: 25 }], 'percentages become increments');
assert.deepStrictEqual(barValues.map((v) => v.kind), ['begin', 'report'], 'the model load stays in the status bar');
assert.strictEqual(router.isNotifying(7), true);
shown[0].onCancel();                                   // the user presses Cancel
assert.deepStrictEqual(cancelled, [7], 'cancel is sent for the task token');
router.handle(7, { kind: 'end' });
assert.strictEqual(shown[0].closed, true);
assert.strictEqual(router.isNotifying(7), false);
router.handle('load-1', { kind: 'end' });
assert.deepStrictEqual(barValues.map((v) => v.kind), ['begin', 'report', 'end']);
// A cancellable begin without message or percentage reports nothing until there is something to say.
router.handle('t2', { kind: 'begin', title: 'infill: writing add', cancellable: true });
assert.deepStrictEqual(shown[1].reports, []);
router.handle('t2', { kind: 'end' });
assert.strictEqual(shown[1].closed, true);

console.log('vscode extension pure tests: ok');
