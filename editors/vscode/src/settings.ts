/**
 * Maps the extension's settings (`infill.*` in VS Code's settings) to the server's settings, sent as
 * `initializationOptions` and later with `workspace/didChangeConfiguration`. No vscode API here, so this
 * file is tested under plain node (test/pure.test.js).
 */

/** Reads one setting: a `WorkspaceConfiguration` for the "infill" section, or a plain object in tests. */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
}

/** The server's setting names (the top-level README's configuration table). */
export const SERVER_KEYS = [
  'model', 'taskModel', 'threads', 'maxTokens', 'contextTokens', 'suffixTokens', 'candidates',
  'strategy.automatic', 'strategy.invoked', 'debounceMs', 'logLevel', 'logFile',
  'allowRunningCode', 'taskMaxTokens', 'taskCandidates', 'taskReview', 'taskRepair', 'taskBuildCheck',
] as const;

/** True for values the user left unset (null, undefined, an empty string): the server keeps its default. */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * The server's settings object: unset values are left out, `strategy.automatic` and `strategy.invoked`
 * become `{ strategy: { automatic, invoked } }`.
 */
export function serverSettings(source: SettingsSource): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = source.get<unknown>(key);
    if (isUnset(value)) continue;
    const dot = key.indexOf('.');
    if (dot < 0) {
      settings[key] = value;
    } else {
      const group = key.slice(0, dot);
      const nested = (settings[group] as Record<string, unknown> | undefined) ?? {};
      nested[key.slice(dot + 1)] = value;
      settings[group] = nested;
    }
  }
  return settings;
}

/** A `SettingsSource` over a plain object with dotted keys (for tests and scripts). */
export function objectSource(values: Record<string, unknown>): SettingsSource {
  return { get: <T>(key: string) => values[key] as T | undefined };
}
