import { resetSeconds } from '../limits/windows.js';

/**
 * The one line `amiga-monitor statusline` prints, from the JSON Claude Code gives its status-line
 * command. Pure, and read by hand (no zod): the command runs on every render, so it loads nothing
 * it does not need. Every field is optional; whatever is missing or of the wrong type is left out.
 */

/** What is printed when stdin holds no status-line object (absent, empty, not JSON, not an object). */
export const MINIMAL_LINE = 'AMIGA Monitor · no status data';

const SEP = ' · ';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A status-line document parsed from stdin: the object, or null when the text is not a JSON object. */
export function parseStatusInput(text: string): Json | null {
  if (text.trim() === '') return null;
  try {
    return obj(JSON.parse(text)) ?? null;
  } catch {
    return null;
  }
}

/** Time left as the terminal shows it: `42m`, `1h12m`, `3d4h`; under a minute `<1m`. */
export function formatLeft(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return '<1m';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d${hours % 24}h`;
}

const percent = (p: number) => `${Math.round(p)}%`;

/** `5h 42% (resets 1h12m)`: a rate-limit window with the time to its reset; `5h reset` once that has passed. */
function windowPart(name: string, value: unknown, now: number, verbose: boolean): string | null {
  const w = obj(value);
  const used = num(w?.used_percentage);
  if (used === undefined) return null;
  const raw = w?.resets_at;
  const resets = typeof raw === 'number' || typeof raw === 'string' ? resetSeconds(raw) : null;
  if (resets === null) return `${name} ${percent(used)}`;
  if (resets <= now) return `${name} reset`;
  const left = formatLeft(resets - now);
  return `${name} ${percent(used)} (${verbose ? `resets ${left}` : left})`;
}

/** The context window's use: as Claude Code computed it, else from its remaining share. */
function contextPart(value: unknown): string | null {
  const c = obj(value);
  const remaining = num(c?.remaining_percentage);
  const used = num(c?.used_percentage) ?? (remaining === undefined ? undefined : 100 - remaining);
  return used === undefined ? null : `ctx ${percent(used)}`;
}

/**
 * `Opus 4.6 · $3.42 · 5h 64% (resets 1h12m) · 7d 18% (3d4h) · ctx 42%`: model, session cost,
 * the 5-hour and weekly windows (subscribers only) and context use, at `now` (Unix seconds).
 */
export function statusLine(input: Json | null, now: number): string {
  if (input === null) return MINIMAL_LINE;
  const model = obj(input.model);
  const cost = num(obj(input.cost)?.total_cost_usd);
  const limits = obj(input.rate_limits);
  const parts = [
    str(model?.display_name) ?? str(model?.id) ?? 'Claude',
    cost === undefined ? null : `$${cost.toFixed(2)}`,
    windowPart('5h', limits?.five_hour, now, true),
    windowPart('7d', limits?.seven_day, now, false),
    contextPart(input.context_window),
  ];
  return parts.filter((p): p is string => p !== null).join(SEP);
}
