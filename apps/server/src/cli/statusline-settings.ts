import { SettingsError } from './hooks-settings.js';

/**
 * The `statusLine` setting `amiga-monitor statusline install` writes into a Claude Code settings
 * file, and how it is taken out again. Pure: settings in, settings out.
 *
 * A status line the user had is chained, not replaced: its command is kept in ours as its last
 * argument, `--chain='<the original command>'`; ours runs it first (same stdin) and prints its
 * output above our line. Every other field of the user's `statusLine` (`padding`,
 * `refreshInterval`, …) stays as it was, in its place, so uninstall puts the original command back
 * and the setting is exactly what it was (the legacy string form comes back as
 * `{"type": "command", "command": …}`). No side file: the settings file alone says what to restore.
 */

type Json = Record<string, unknown>;

export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** Ours: a command running `amiga-monitor statusline` (the bin, or the CLI's main.js by path). */
const OURS = /(?:amiga-monitor|[\\/]cli[\\/]main\.js)'?\s+statusline(?:\s|$)/;
/** The chained command: `--chain=` and one shell-quoted word, as shellQuote writes it, at the end. */
const CHAIN = /\s--chain=((?:'[^']*'|\\')+)$/;

export const isOurCommand = (command: string): boolean => OURS.test(command);

/** The command ours chains (written by ourCommand), or null when it chains none. */
export function chainedCommand(command: string): string | null {
  const quoted = CHAIN.exec(command)?.[1];
  if (quoted === undefined) return null;
  return quoted.replaceAll(`'\\''`, `'`).replace(/^'/, '').replace(/'$/, '');
}

/**
 * Our command: `<invocation> statusline [--url=URL] [--chain=<original>]`, where `invocation`
 * starts the CLI (already quoted for the shell).
 */
export function ourCommand(invocation: string, options: { url?: string; chain?: string | null }): string {
  const parts = [invocation, 'statusline'];
  if (options.url !== undefined) parts.push(`--url=${shellQuote(options.url)}`);
  if (options.chain) parts.push(`--chain=${shellQuote(options.chain)}`);
  return parts.join(' ');
}

/** The statusLine value with its command replaced, every other key kept in its place. */
const withCommand = (line: Json, command: string): Json => Object.fromEntries(Object.entries(line).map(([k, v]) => [k, k === 'command' ? command : v]));

/** The settings' statusLine as a command object (the legacy string form read as one); null when there is none. */
function currentLine(settings: Json): Json | null {
  const line = settings.statusLine;
  if (line === undefined || line === null) return null;
  if (typeof line === 'string') return line.trim() === '' ? null : { type: 'command', command: line };
  if (typeof line === 'object' && !Array.isArray(line) && (line as Json).type === 'command' && typeof (line as Json).command === 'string') return line as Json;
  throw new SettingsError('"statusLine" is not a command status line ({"type": "command", "command": "…"}); nothing was written');
}

/** The settings with our statusLine, chaining the user's command (once: re-installing keeps the chain ours holds), every other setting kept. */
export function withMonitorStatusLine(settings: Json, invocation: string, url?: string): Json {
  const line = currentLine(settings);
  const existing = line?.command as string | undefined;
  const chain = existing === undefined ? null : isOurCommand(existing) ? chainedCommand(existing) : existing;
  const command = ourCommand(invocation, { url, chain });
  return { ...settings, statusLine: line === null ? { type: 'command', command } : withCommand(line, command) };
}

/** The settings without our statusLine: the chained one back as it was, or none; `removed` false when ours was not there. */
export function withoutMonitorStatusLine(settings: Json): { settings: Json; removed: boolean } {
  const line = settings.statusLine;
  if (line === null || typeof line !== 'object' || Array.isArray(line)) return { settings, removed: false };
  const command = (line as Json).command;
  if (typeof command !== 'string' || !isOurCommand(command)) return { settings, removed: false };
  const chain = chainedCommand(command);
  if (chain !== null) return { settings: { ...settings, statusLine: withCommand(line as Json, chain) }, removed: true };
  const { statusLine: _ours, ...rest } = settings;
  return { settings: rest, removed: true };
}
