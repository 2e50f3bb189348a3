// The parts of the `vscode` API (1.90) that src/extension.ts uses, declared as in @types/vscode, so that the
// extension type-checks where npm cannot be reached (tsc -p tsconfig.offline.json). Not shipped.
// As in @types/vscode: a global alias of PromiseLike.
interface Thenable<T> extends PromiseLike<T> {}

declare module 'vscode' {
  export interface Disposable { dispose(): unknown; }
  export interface ExtensionContext { readonly subscriptions: { dispose(): unknown }[]; }
  export interface OutputChannel extends Disposable { appendLine(value: string): void; show(preserveFocus?: boolean): void; }
  export enum StatusBarAlignment { Left = 1, Right = 2 }
  export interface StatusBarItem extends Disposable {
    text: string;
    tooltip: string | undefined;
    command: string | undefined;
    show(): void;
    hide(): void;
  }
  export interface WorkspaceConfiguration { get<T>(section: string): T | undefined; }
  export interface ConfigurationChangeEvent { affectsConfiguration(section: string): boolean; }
  export interface CancellationToken {
    isCancellationRequested: boolean;
    onCancellationRequested(listener: (e: unknown) => unknown): Disposable;
  }
  export interface Progress<T> { report(value: T): void; }
  export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
  export interface ProgressOptions { location: ProgressLocation; title?: string; cancellable?: boolean; }
  export namespace window {
    export function createOutputChannel(name: string): OutputChannel;
    export function createStatusBarItem(alignment?: StatusBarAlignment, priority?: number): StatusBarItem;
    export function withProgress<R>(options: ProgressOptions,
      task: (progress: Progress<{ message?: string; increment?: number }>, token: CancellationToken) => Thenable<R>): Thenable<R>;
  }
  export namespace workspace {
    export function getConfiguration(section?: string): WorkspaceConfiguration;
    export function onDidChangeConfiguration(listener: (e: ConfigurationChangeEvent) => unknown): Disposable;
  }
  export namespace commands {
    export function registerCommand(command: string, callback: (...args: unknown[]) => unknown): Disposable;
  }
}
