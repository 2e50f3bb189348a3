// Tests of the extension's parts without the vscode API, under plain node:
//   tsc -p tsconfig.pure.json && node test/pure.test.js [OUT_DIR, default ../out]
const assert = require('assert');
const path = require('path');
const out = process.argv[2] || path.join(__dirname, '..', 'out');
const { serverSettings, objectSource, SERVER_KEYS } = require(path.join(out, 'src', 'settings.js'));
const { ServerStatus } = require(path.join(out, 'src', 'status.js'));

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
assert.strictEqual(SERVER_KEYS.length, 14);
// The code-task settings pass through as they are (false included: it is a value, not unset).
assert.deepStrictEqual(serverSettings(objectSource({ allowRunningCode: false, taskMaxTokens: 128, taskCandidates: 1 })),
  { allowRunningCode: false, taskMaxTokens: 128, taskCandidates: 1 });
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
status.progress({ kind: 'report', percentage: 90 });          // a stray report after ready changes nothing
assert.strictEqual(status.view.text, '$(check) Infill');
status.message(4, 'unknown setting x');
assert.strictEqual(status.view.text, '$(check) Infill');
status.message(1, 'cannot load model nope: no such file');
assert.strictEqual(status.view.text, '$(error) Infill');
status.progress({ kind: 'begin', title: 'loading' });
status.progress({ kind: 'end' });
assert.strictEqual(status.view.text, '$(check) Infill');
console.log('vscode extension pure tests: ok');
