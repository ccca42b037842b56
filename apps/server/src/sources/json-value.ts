import { INGEST_MAX_TOKENS } from '@amiga/protocol';

/** Small readers for untrusted parsed JSON: each answers undefined (or 0) rather than throwing. */

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A non-empty string, cut to 2,000 characters. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 2000) : undefined;
}

/**
 * A token count: a finite non-negative integer, capped (by default like ingested counts, 100M);
 * anything else is 0. Running totals pass a larger cap: a long Codex session's cumulative count
 * passes a billion.
 */
export function count(value: unknown, cap: number = INGEST_MAX_TOKENS): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(Math.trunc(value), cap) : 0;
}

/** A finite number, or undefined. */
export function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An ISO timestamp as epoch seconds (the unit of the store's `ts`), or undefined. */
export function toSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}
