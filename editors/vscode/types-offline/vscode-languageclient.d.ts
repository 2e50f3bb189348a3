// The parts of vscode-languageclient 9 (`vscode-languageclient/node`) that src/extension.ts uses, declared as
// in its own .d.ts files, for the offline type-check (tsc -p tsconfig.offline.json). Not shipped.
declare module 'vscode-languageclient/node' {
  import { OutputChannel } from 'vscode';
  export interface Executable { command: string; args?: string[]; }
  export type ServerOptions = Executable;
  export interface DocumentFilter { language?: string; scheme?: string; pattern?: string; }
  export interface LanguageClientOptions {
    documentSelector?: (string | DocumentFilter)[];
    initializationOptions?: unknown;
    outputChannel?: OutputChannel;
  }
  export interface ProgressType<P> { readonly __p?: P; }
  export namespace WorkDoneProgress {
    const type: ProgressType<
      | { kind: 'begin'; title: string; message?: string; percentage?: number; cancellable?: boolean }
      | { kind: 'report'; message?: string; percentage?: number; cancellable?: boolean }
      | { kind: 'end'; message?: string }>;
  }
  export interface Disposable { dispose(): void; }
  export class LanguageClient {
    constructor(id: string, name: string, serverOptions: ServerOptions, clientOptions: LanguageClientOptions, forceDebug?: boolean);
    start(): Promise<void>;
    stop(timeout?: number): Promise<void>;
    onNotification(method: string, handler: (params: any) => void): Disposable;
    onRequest(method: string, handler: (params: any) => unknown): Disposable;
    onProgress<P>(type: ProgressType<P>, token: string | number, handler: (params: P) => void): Disposable;
    sendNotification(method: string, params?: unknown): Promise<void>;
  }
}
