/**
 * What the status bar item shows: the server starting, the model loading (work done progress), ready, or
 * failed. No vscode API here, so this file is tested under plain node (test/pure.test.js).
 */

/** A `$/progress` value of LSP's work done progress. */
export type ProgressValue =
  | { kind: 'begin'; title: string; cancellable?: boolean; message?: string; percentage?: number }
  | { kind: 'report'; message?: string; percentage?: number }
  | { kind: 'end'; message?: string };

/** Text (with a codicon), tooltip, and whether work is going on. */
export interface StatusView {
  text: string;
  tooltip: string;
  busy: boolean;
}

type State =
  | { phase: 'stopped' }
  | { phase: 'starting' }
  | { phase: 'loading'; title: string; message?: string; percentage?: number }
  | { phase: 'ready'; model?: string }
  | { phase: 'failed'; message: string };

/** The server's state as the extension learns it from the client and the server's messages. */
export class ServerStatus {
  private state: State = { phase: 'stopped' };

  starting(): void { this.state = { phase: 'starting' }; }
  stopped(): void { this.state = { phase: 'stopped' }; }
  failed(message: string): void { this.state = { phase: 'failed', message }; }
  ready(model?: string): void { this.state = { phase: 'ready', model }; }

  /** A `$/progress` value for the model load. */
  progress(value: ProgressValue): void {
    switch (value.kind) {
      case 'begin':
        this.state = { phase: 'loading', title: value.title, message: value.message, percentage: value.percentage };
        break;
      case 'report':
        if (this.state.phase === 'loading') {
          this.state = { ...this.state, message: value.message ?? this.state.message, percentage: value.percentage ?? this.state.percentage };
        }
        break;
      case 'end':
        if (this.state.phase === 'loading') this.state = { phase: 'ready' };
        break;
    }
  }

  /**
   * A `window/logMessage` or `window/showMessage` from the server: "model NAME ready" and
   * "cannot load model ..." change the state; other messages do not (the task model's, `taskModel`, is
   * "task model NAME ready": the status names the completion model).
   */
  message(type: number, text: string): void {
    const ready = /^model (.+) ready/.exec(text);
    if (ready) this.ready(ready[1]);
    else if (type === 1 && /cannot load model/.test(text)) this.failed(text);
  }

  get view(): StatusView {
    const s = this.state;
    switch (s.phase) {
      case 'stopped': return { text: '$(circle-slash) Infill', tooltip: 'Infill: server not running', busy: false };
      case 'starting': return { text: '$(loading~spin) Infill', tooltip: 'Infill: starting the server', busy: true };
      case 'loading': {
        const percent = s.percentage === undefined ? '' : ` ${s.percentage}%`;
        return { text: `$(loading~spin) Infill${percent}`, tooltip: [s.title, s.message].filter(Boolean).join(': '), busy: true };
      }
      case 'ready': return { text: '$(check) Infill', tooltip: s.model ? `Infill: ${s.model} ready` : 'Infill: ready', busy: false };
      case 'failed': return { text: '$(error) Infill', tooltip: s.message, busy: false };
    }
  }
}
