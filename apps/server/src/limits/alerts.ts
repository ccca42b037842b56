import { windowPace, type LimitEntry, type LimitsSection } from '@amiga/protocol';

/**
 * What the alerts (issue 18) can watch, computed from two `limits` sections (the topic's data, or a
 * snapshot's `limits` and `blocks`): pure functions, no state of their own.
 */

/** A measured limit window whose use went from below `threshold` percent to at or above it. */
export interface LimitCrossing {
  agent: string;
  window: string;
  machine: string;
  threshold: number;
  used_percent: number;
  resets_at: number | null;
}

const keyOf = (l: LimitEntry) => `${l.agent}\u0000${l.window}\u0000${l.machine}`;

/**
 * The thresholds (percent) each limit crossed between `before` and `after`: one crossing per limit and
 * threshold, when it was below before (or not reported, or reset) and is at or above it now.
 */
export function limitCrossings(before: readonly LimitEntry[], after: readonly LimitEntry[], thresholds: readonly number[]): LimitCrossing[] {
  const was = new Map(before.map((l) => [keyOf(l), l.reset ? 0 : l.used_percent]));
  const out: LimitCrossing[] = [];
  for (const l of after) {
    if (l.reset) continue;
    const prev = was.get(keyOf(l)) ?? 0;
    for (const threshold of thresholds) {
      if (prev < threshold && l.used_percent >= threshold) {
        out.push({ agent: l.agent, window: l.window, machine: l.machine, threshold, used_percent: l.used_percent, resets_at: l.resets_at });
      }
    }
  }
  return out;
}

/** A projection that reaches the limit before the window (or block) resets. */
export interface ProjectionWarning {
  agent: string;
  /** `window`: a measured limit window at its pace; `block`: the active 5-hour block at its burn rate against its token limit. */
  kind: 'window' | 'block';
  /** The window's name (`5h`, `7d`), or `5h` for a block. */
  window: string;
  /** The machine of a measured window; null for a block (blocks are per agent). */
  machine: string | null;
  /** When the limit is reached at the current rate (Unix seconds). */
  reaches_at: number;
  /** When the window resets (or the block ends). */
  resets_at: number;
  /** True for a measured window (the agent's own percentages), false for a block's estimate. */
  measured: boolean;
}

/**
 * Every limit that, at its current rate, reaches 100% before it resets: measured windows at their
 * pace (used percent over the elapsed share, extrapolated), and active blocks whose projected input +
 * output tokens reach their token limit. Limits already reached are crossings, not projections.
 */
export function projectionWarnings(section: LimitsSection, now: number): ProjectionWarning[] {
  const out: ProjectionWarning[] = [];
  for (const l of section.limits) {
    const pace = windowPace(l, now);
    if (!pace || !pace.ahead || l.used_percent >= 100 || l.used_percent <= 0 || l.resets_at === null) continue;
    const start = l.resets_at - l.window_minutes * 60;
    const reaches = start + ((now - start) * 100) / l.used_percent;
    if (reaches < l.resets_at) out.push({ agent: l.agent, kind: 'window', window: l.window, machine: l.machine, reaches_at: Math.round(reaches), resets_at: l.resets_at, measured: true });
  }
  for (const [agent, { current: b }] of Object.entries(section.blocks)) {
    if (!b || b.token_limit === null || b.limit_tokens >= b.token_limit || b.projected_limit_tokens < b.token_limit) continue;
    const perSecond = (b.projected_limit_tokens - b.limit_tokens) / Math.max(1, b.end - now);
    const reaches = now + (b.token_limit - b.limit_tokens) / perSecond;
    out.push({ agent, kind: 'block', window: '5h', machine: null, reaches_at: Math.round(reaches), resets_at: b.end, measured: false });
  }
  return out;
}

/** The share of a measured window used at its reset, at the pace so far (used over the elapsed share); null when the pace is unknown. */
export function projectedPercent(l: LimitEntry, now: number): number | null {
  const pace = windowPace(l, now);
  if (!pace || pace.elapsed_percent <= 0) return null;
  return Math.round(((l.used_percent * 100) / pace.elapsed_percent) * 100) / 100;
}

/** One limit as the alert rules read it (see alerts/inputs.ts LimitWindow). */
export interface AlertLimit {
  agent: string;
  window: string;
  machine: string | null;
  usedPercent: number;
  projectedPercent: number | null;
  resetsAt: number | null;
}

/** The window name of an active 5-hour block's estimate (apart from a measured `5h` window of the same agent). */
export const BLOCK_WINDOW = 'block';

/**
 * What `limit_over` and `limit_projected` read from a `limits` section: every measured window not
 * reset (its percentages, and its projection at the pace so far), and every active block with a token
 * limit (`block`: its input + output tokens against the limit, now and projected to the block's end).
 */
export function alertLimits(section: LimitsSection, now: number): AlertLimit[] {
  const out: AlertLimit[] = [];
  for (const l of section.limits) {
    if (l.reset) continue;
    out.push({ agent: l.agent, window: l.window, machine: l.machine, usedPercent: l.used_percent, projectedPercent: projectedPercent(l, now), resetsAt: l.resets_at });
  }
  for (const [agent, { current: b }] of Object.entries(section.blocks)) {
    if (!b || b.token_limit === null || b.token_limit <= 0) continue;
    const share = (tokens: number) => Math.round(((tokens * 100) / b.token_limit!) * 100) / 100;
    out.push({ agent, window: BLOCK_WINDOW, machine: null, usedPercent: share(b.limit_tokens), projectedPercent: share(b.projected_limit_tokens), resetsAt: b.end });
  }
  return out;
}
