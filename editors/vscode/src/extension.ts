/**
 * Infill for VS Code: starts `infill serve` through vscode-languageclient, which registers Infill's
 * `textDocument/inlineCompletion` as VS Code's inline completion provider (ghost text; Tab accepts), and
 * shows the server's state (model loading, ready, failed) in a status bar item. A translation or a function
 * being written shows a notification with a Cancel button (`ProgressRouter`).
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, WorkDoneProgress } from 'vscode-languageclient/node';
import { serverSettings } from './settings';
import { ProgressHandle, ProgressRouter, ProgressToken } from './progress';
import { ProgressValue, ServerStatus } from './status';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Infill');
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  item.command = 'infill.showLog';
  const status = new ServerStatus();
  const render = () => {
    const view = status.view;
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.show();
  };

  const start = async () => {
    const config = vscode.workspace.getConfiguration('infill');
    const serverOptions: ServerOptions = { command: config.get<string>('command') || 'infill', args: ['serve'] };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      initializationOptions: serverSettings(config),
      outputChannel: output,
    };
    const started = new LanguageClient('infill', 'Infill', serverOptions, clientOptions);
    client = started;
    // Messages from the server go to the output channel and may change the status.
    started.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      output.appendLine(params.message);
      status.message(params.type, params.message);
      render();
    });
    status.starting();
    render();
    try {
      await started.start();
    } catch (error) {
      status.failed(`Infill: cannot start ${serverOptions.command}: ${error}`);
      render();
      return;
    }
    if (status.view.busy) {
      status.progress({ kind: 'begin', title: 'Infill: loading the model' });
      render();
    }
    // Later model loads (after a settings change) report progress to the status bar item; cancellable
    // tasks get a notification with a Cancel button (this handler replaces the languageclient's own).
    const router = new ProgressRouter(
      { notify: notification },
      (value) => { status.progress(value); render(); },
      (token: ProgressToken) => { void started.sendNotification('window/workDoneProgress/cancel', { token }); },
    );
    started.onRequest('window/workDoneProgress/create', (params: { token: ProgressToken }) => {
      const listener = started.onProgress(WorkDoneProgress.type, params.token, (value: ProgressValue) => {
        router.handle(params.token, value);
        if (value.kind === 'end') listener.dispose();
      });
      return null;
    });
  };

  context.subscriptions.push(
    output,
    item,
    vscode.commands.registerCommand('infill.showLog', () => output.show()),
    vscode.commands.registerCommand('infill.restart', async () => {
      await client?.stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('infill') || !client) return;
      if (event.affectsConfiguration('infill.command')) {
        await client.stop();
        await start();
        return;
      }
      await client.sendNotification('workspace/didChangeConfiguration', { settings: { infill: serverSettings(vscode.workspace.getConfiguration('infill')) } });
    }),
  );
  await start();
}

/** A VS Code notification with a Cancel button that stays until `close()`. */
function notification(title: string, onCancel: () => void): ProgressHandle {
  let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  let pending: { message?: string; increment?: number }[] = [];
  let close: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { close = resolve; });
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (shown, token) => {
    token.onCancellationRequested(onCancel);
    progress = shown;
    for (const value of pending) shown.report(value);   // reports that came before VS Code called back
    pending = [];
    return finished;
  });
  return {
    report: (message, increment) => (progress ? progress.report({ message, increment }) : pending.push({ message, increment })),
    close: () => close(),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
