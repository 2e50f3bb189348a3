/**
 * Where the server's work done progress (`$/progress`) is shown. A cancellable one (a translation or a
 * function being written: `begin` with `cancellable: true`) gets a notification with a Cancel button, which
 * sends `window/workDoneProgress/cancel`; the others (the model loading) go to the status bar item.
 *
 * The extension handles `window/workDoneProgress/create` itself (to feed the status bar), which replaces
 * vscode-languageclient's own handler; and that handler would not give a Cancel button either: it shows
 * every progress at `ProgressLocation.Window` (the status bar), where VS Code ignores `cancellable`. Only a
 * `ProgressLocation.Notification` has the button, hence this routing.
 *
 * No vscode API here (the notification is behind `ProgressUI`), so this file is tested under plain node
 * (test/pure.test.js).
 */
import { ProgressValue } from './status';

/** A progress token of LSP. */
export type ProgressToken = string | number;

/** A notification on screen: its text can change, and it closes when the work ends. */
export interface ProgressHandle {
  report(message?: string, increment?: number): void;
  close(): void;
}

/** Shows a notification with a Cancel button; `onCancel` runs when the user presses it. */
export interface ProgressUI {
  notify(title: string, onCancel: () => void): ProgressHandle;
}

/** Sends each token's progress to a notification (cancellable) or to the status bar (the rest). */
export class ProgressRouter {
  private readonly notifications = new Map<ProgressToken, { handle: ProgressHandle; reported: number }>();

  constructor(
    private readonly ui: ProgressUI,
    private readonly statusBar: (value: ProgressValue) => void,
    private readonly cancel: (token: ProgressToken) => void,
  ) {}

  /** One `$/progress` value for `token`. */
  handle(token: ProgressToken, value: ProgressValue): void {
    const shown = this.notifications.get(token);
    switch (value.kind) {
      case 'begin':
        if (value.cancellable) {
          const handle = this.ui.notify(value.title, () => this.cancel(token));
          this.notifications.set(token, { handle, reported: 0 });
          this.report(token, value.message, value.percentage);
        } else {
          this.statusBar(value);
        }
        break;
      case 'report':
        if (shown) this.report(token, value.message, value.percentage);
        else this.statusBar(value);
        break;
      case 'end':
        if (shown) {
          shown.handle.close();
          this.notifications.delete(token);
        } else {
          this.statusBar(value);
        }
        break;
    }
  }

  /** Whether a notification is open for `token`. */
  isNotifying(token: ProgressToken): boolean {
    return this.notifications.has(token);
  }

  /** VS Code's progress adds increments; LSP sends percentages. */
  private report(token: ProgressToken, message?: string, percentage?: number): void {
    const shown = this.notifications.get(token);
    if (!shown || (message === undefined && percentage === undefined)) return;
    const clamped = percentage === undefined ? undefined : Math.max(0, Math.min(100, percentage));
    const increment = clamped === undefined ? undefined : Math.max(0, clamped - shown.reported);
    if (clamped !== undefined) shown.reported = Math.max(shown.reported, clamped);
    shown.handle.report(message, increment);
  }
}
