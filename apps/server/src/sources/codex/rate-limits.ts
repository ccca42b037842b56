import { asObject, finite, str } from '../json-value.js';

/** One rate-limit window, normalised. */
export interface CodexRateLimitWindow {
  /** Share of the window used, 0–100. */
  used_percent: number;
  /** Length of the window (300 for the 5-hour window, 10080 for the weekly one), or null when not given. */
  window_minutes: number | null;
  /** When the window resets, epoch seconds, or null when the line gives neither form. */
  resets_at: number | null;
}

export interface CodexRateLimits {
  primary: CodexRateLimitWindow | null;
  secondary: CodexRateLimitWindow | null;
  /** `plan_type` ("plus", "pro", …) when given. */
  plan_type: string | null;
}

/**
 * `rate_limits` of a `token_count` event (codex-rs/protocol/src/protocol.rs, `RateLimitSnapshot`):
 * `{ primary, secondary, credits, plan_type }`, each window `{ used_percent, window_minutes,
 * resets_at }` with `resets_at` in Unix seconds. Older CLI versions wrote `resets_in_seconds`
 * (relative to the line) instead of `resets_at`; both are read, `resets_at` first.
 *
 * @param lineTs the line's timestamp (epoch seconds), the origin of `resets_in_seconds`.
 */
export function readRateLimits(value: unknown, lineTs: number): CodexRateLimits | undefined {
  const o = asObject(value);
  if (!o) return undefined;
  const primary = readWindow(o.primary, lineTs);
  const secondary = readWindow(o.secondary, lineTs);
  if (!primary && !secondary) return undefined;
  return { primary, secondary, plan_type: str(o.plan_type) ?? null };
}

function readWindow(value: unknown, lineTs: number): CodexRateLimitWindow | null {
  const o = asObject(value);
  const used = finite(o?.used_percent);
  if (!o || used === undefined) return null;
  const minutes = finite(o.window_minutes);
  const at = finite(o.resets_at);
  const inSeconds = finite(o.resets_in_seconds);
  return {
    used_percent: Math.min(Math.max(used, 0), 100),
    window_minutes: minutes !== undefined && minutes > 0 ? minutes : null,
    resets_at: at !== undefined ? at : inSeconds !== undefined ? lineTs + inSeconds : null,
  };
}
