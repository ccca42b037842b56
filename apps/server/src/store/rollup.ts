import type { StoredEvent } from './event.js';
import { ANY, scopesOf } from './scope-rows.js';
import type { UsageTotals } from './store.js';
import { addUsage } from './usage-totals.js';

/**
 * Rollup dimensions: per model, per tool, per session; `e`: API errors per model (counted in `calls`);
 * `M` and `T`: all requests and all tool calls of a scope (key ''), so an agent's or a machine's
 * figures read one row per bucket instead of one per model and tool.
 */
export type Dim = 'm' | 't' | 's' | 'e' | 'M' | 'T';

/** The growth of an already-counted request (see `mergeMax`): added to its rollups without counting a request. */
export interface RequestDelta {
  ts: number;
  model: string;
  sessionId: string | null;
  agent: string;
  machine: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  costUsd: number;
}

/**
 * A counted tool call now known to have failed (a later report filled in its outcome): one more
 * failed call, at its first report's time, under the scope of the report that said so.
 */
export interface FailedCall {
  ts: number;
  tool: string;
  sessionId: string | null;
  agent: string;
  machine: string;
}

/** What one rollup row adds up. */
export interface RollupSums extends UsageTotals {
  reasoningTokens: number;
  unpriced: number;
  calls: number;
  failed: number;
}

export interface RollupRow extends RollupSums {
  bucket: number;
  dim: Dim;
  /** The scope the row counts (see scope-rows.ts): an agent or ANY, a machine or ANY. */
  agent: string;
  machine: string;
  key: string;
}

/** Adds `from`'s sums into `into`. */
export function addSums(into: RollupSums, from: RollupSums): void {
  addUsage(into, from);
  into.reasoningTokens += from.reasoningTokens;
  into.unpriced += from.unpriced;
  into.calls += from.calls;
  into.failed += from.failed;
}

export const MINUTE = 60;
export const HOUR = 3600;

/**
 * Folds a batch of events into rollup rows at one bucket width, so a batch of
 * thousands of events becomes a handful of upserts. Each request, tool call and error
 * counts under its four scopes (see scope-rows.ts); `machine` is the machine of events
 * that name none.
 */
export function foldRollups(
  events: Iterable<StoredEvent>,
  width: number,
  deltas: Iterable<RequestDelta> = [],
  failures: Iterable<FailedCall> = [],
  machine = '',
): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const row = (bucket: number, dim: Dim, key: string, agent: string, host: string): RollupRow => {
    const id = `${bucket}\u0000${dim}\u0000${key}\u0000${agent}\u0000${host}`;
    let r = rows.get(id);
    if (!r) {
      r = { bucket, dim, agent, machine: host, key, ...emptySums() };
      rows.set(id, r);
    }
    return r;
  };
  /** The rows of `dim`/`key` under every scope of (agent, host), and the session's row. */
  const targets = (bucket: number, dim: Dim, key: string, agent: string, host: string, sessionId: string | null): RollupRow[] => {
    const out = scopesOf(agent, host).map(([a, m]) => row(bucket, dim, key, a, m));
    if (dim === 'm' || dim === 't') for (const [a, m] of scopesOf(agent, host)) out.push(row(bucket, dim === 'm' ? 'M' : 'T', '', a, m));
    if (sessionId) out.push(row(bucket, 's', sessionId, ANY, ANY));
    return out;
  };
  for (const e of events) {
    const bucket = Math.floor(e.ts / width) * width;
    const host = e.machine ?? machine;
    if (e.type === 'api_request') {
      for (const r of targets(bucket, 'm', e.model, e.agent, host, e.sessionId)) {
        r.requests += 1;
        r.inputTokens += e.inputTokens;
        r.outputTokens += e.outputTokens;
        r.cacheCreationTokens += e.cacheCreationTokens;
        r.cacheReadTokens += e.cacheReadTokens;
        r.reasoningTokens += e.reasoningTokens;
        if (e.costUsd === null) r.unpriced += 1;
        else r.costUsd += e.costUsd;
      }
    } else if (e.type === 'api_error') {
      for (const r of targets(bucket, 'e', e.model ?? 'unknown', e.agent, host, null)) r.calls += 1;
    } else if (e.type === 'tool_call') {
      for (const r of targets(bucket, 't', e.tool, e.agent, host, e.sessionId)) {
        r.calls += 1;
        if (e.success === false) r.failed += 1;
      }
    }
  }
  for (const d of deltas) {
    const bucket = Math.floor(d.ts / width) * width;
    for (const r of targets(bucket, 'm', d.model, d.agent, d.machine, d.sessionId)) {
      r.inputTokens += d.inputTokens;
      r.outputTokens += d.outputTokens;
      r.cacheCreationTokens += d.cacheCreationTokens;
      r.cacheReadTokens += d.cacheReadTokens;
      r.reasoningTokens += d.reasoningTokens;
      r.costUsd += d.costUsd;
    }
  }
  for (const f of failures) {
    const bucket = Math.floor(f.ts / width) * width;
    for (const r of targets(bucket, 't', f.tool, f.agent, f.machine, f.sessionId)) r.failed += 1;
  }
  return [...rows.values()];
}

export const emptySums = (): RollupSums => ({
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  reasoningTokens: 0,
  costUsd: 0,
  unpriced: 0,
  calls: 0,
  failed: 0,
});
