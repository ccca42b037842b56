import { API_PATHS } from '@amiga/protocol';

/**
 * The hooks `amiga-monitor hooks install` merges into a Claude Code settings file, and how
 * they are merged and taken out again. Pure: settings in, settings out.
 */

/** The environment variable whose value the hooks send as the bearer token (never written into the file). */
export const TOKEN_ENV = 'AMIGA_MONITOR_TOKEN';

/** Events posted by an HTTP hook: every event the live state machine uses. */
export const HTTP_HOOK_EVENTS = [
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'PostToolUseFailure',
  'PermissionRequest',
  'Notification',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'SessionEnd',
] as const;
/** Events whose hooks take a tool matcher: all tools. */
const TOOL_EVENTS = new Set(['PreToolUse', 'PostToolUse', 'PostToolUseFailure', 'PermissionRequest']);
/** SessionStart accepts only command hooks: a curl that posts the same JSON, fails silently, and gives up after 2 s. */
export const COMMAND_HOOK_EVENTS = ['SessionStart'] as const;

type Json = Record<string, unknown>;
type Group = { matcher?: string; hooks: Json[] };

export const hookUrl = (baseUrl: string): string => `${baseUrl.replace(/\/+$/, '')}${API_PATHS.hooksClaudeCode}`;

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The hooks block install merges (what `hooks print` shows). */
export function monitorHooks(baseUrl: string): Record<string, Group[]> {
  const url = hookUrl(baseUrl);
  const http = { type: 'http', url, headers: { Authorization: `Bearer $${TOKEN_ENV}` }, allowedEnvVars: [TOKEN_ENV], timeout: 2 };
  const curl = [
    'curl -s -m 2 -o /dev/null -X POST -H "Content-Type: application/json"',
    `-H "Authorization: Bearer \${${TOKEN_ENV}:-}" --data-binary @- ${shellQuote(url)} || true`,
  ].join(' ');
  const hooks: Record<string, Group[]> = {};
  for (const event of HTTP_HOOK_EVENTS) hooks[event] = [{ ...(TOOL_EVENTS.has(event) ? { matcher: '*' } : {}), hooks: [{ ...http }] }];
  for (const event of COMMAND_HOOK_EVENTS) hooks[event] = [{ hooks: [{ type: 'command', command: curl, timeout: 3 }] }];
  return hooks;
}

/** One of ours: an HTTP hook to, or a command posting to, the monitor's hooks path. */
function isOurs(hook: unknown): boolean {
  if (hook === null || typeof hook !== 'object') return false;
  const h = hook as Json;
  const target = typeof h.url === 'string' ? h.url : typeof h.command === 'string' ? h.command : '';
  return target.includes(API_PATHS.hooksClaudeCode);
}

/** The events whose hooks include one of ours, with the URL each posts to (for `doctor`). */
export function monitorHookTargets(settings: Json): Array<{ event: string; target: string }> {
  const hooks = settings.hooks;
  if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) return [];
  const found: Array<{ event: string; target: string }> = [];
  for (const [event, groups] of Object.entries(hooks as Json)) {
    for (const group of Array.isArray(groups) ? groups : []) {
      const inner = group !== null && typeof group === 'object' ? (group as Json).hooks : undefined;
      for (const h of Array.isArray(inner) ? inner : []) {
        if (!isOurs(h)) continue;
        const text = typeof (h as Json).url === 'string' ? ((h as Json).url as string) : ((h as Json).command as string);
        found.push({ event, target: /https?:\/\/[^\s'"]+/.exec(text)?.[0] ?? text });
      }
    }
  }
  return found;
}

export class SettingsError extends Error {}

/** The settings without any hook of ours (groups left empty and events left empty are removed), and how many were removed. */
export function withoutMonitorHooks(settings: Json): { settings: Json; removed: number } {
  if (settings.hooks === undefined) return { settings, removed: 0 };
  if (settings.hooks === null || typeof settings.hooks !== 'object' || Array.isArray(settings.hooks)) throw new SettingsError('"hooks" is not an object');
  let removed = 0;
  const hooks: Json = {};
  for (const [event, groups] of Object.entries(settings.hooks as Json)) {
    if (!Array.isArray(groups)) {
      hooks[event] = groups;
      continue;
    }
    const kept: unknown[] = [];
    for (const group of groups) {
      const inner = group !== null && typeof group === 'object' ? (group as Json).hooks : undefined;
      if (!Array.isArray(inner)) {
        kept.push(group);
        continue;
      }
      const others = inner.filter((h) => !isOurs(h));
      removed += inner.length - others.length;
      if (others.length > 0 || inner.length === 0) kept.push(others.length === inner.length ? group : { ...(group as Json), hooks: others });
    }
    if (kept.length > 0) hooks[event] = kept;
  }
  const { hooks: _old, ...rest } = settings;
  return { settings: Object.keys(hooks).length === 0 ? rest : { ...rest, hooks }, removed };
}

/** The settings with our hooks (once: any earlier copy of ours is replaced), every other setting and hook kept. */
export function withMonitorHooks(settings: Json, baseUrl: string): Json {
  const base = withoutMonitorHooks(settings).settings;
  const hooks: Json = { ...((base.hooks as Json | undefined) ?? {}) };
  for (const [event, groups] of Object.entries(monitorHooks(baseUrl))) {
    const existing = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...existing, ...groups];
  }
  return { ...base, hooks };
}

/** A settings file's text as an object; invalid JSON or anything but an object is refused (the file is not touched). */
export function parseSettings(text: string, file: string): Json {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SettingsError(`${file} is not valid JSON (${(err as Error).message}); fix it first, nothing was written`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SettingsError(`${file} does not hold a JSON object; nothing was written`);
  return value as Json;
}
