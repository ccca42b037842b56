import type { StoredEvent } from './event.js';
import type { UsageTotals } from './store.js';
import { addUsage } from './usage-totals.js';

/** Rollup dimensions: per model, per tool, per session; `e`: API errors per model (counted in `calls`). */
export type Dim = 'm' | 't' | 's' | 'e';

/** The growth of an already-counted request (see `mergeMax`): added to its rollups without counting a request. */
export interface RequestDelta {
  ts: number;
  model: string;
  sessionId: string | null;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

/** What one rollup row adds up. */
export interface RollupSums extends UsageTotals {
  unpriced: number;
  calls: number;
  failed: number;
}

export interface RollupRow extends RollupSums {
  bucket: number;
  dim: Dim;
  key: string;
}

/** Adds `from`'s sums into `into`. */
export function addSums(into: RollupSums, from: RollupSums): void {
  addUsage(into, from);
  into.unpriced += from.unpriced;
  into.calls += from.calls;
  into.failed += from.failed;
}

export const MINUTE = 60;
export const HOUR = 3600;

/**
 * Folds a batch of events into rollup rows at one bucket width, so a batch of
 * thousands of events becomes a handful of upserts.
 */
export function foldRollups(events: Iterable<StoredEvent>, width: number, deltas: Iterable<RequestDelta> = []): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  const row = (bucket: number, dim: Dim, key: string): RollupRow => {
    const id = `${bucket}\u0000${dim}\u0000${key}`;
    let r = rows.get(id);
    if (!r) {
      r = { bucket, dim, key, requests: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0, unpriced: 0, calls: 0, failed: 0 };
      rows.set(id, r);
    }
    return r;
  };
  for (const e of events) {
    const bucket = Math.floor(e.ts / width) * width;
    if (e.type === 'api_request') {
      const targets = [row(bucket, 'm', e.model)];
      if (e.sessionId) targets.push(row(bucket, 's', e.sessionId));
      for (const r of targets) {
        r.requests += 1;
        r.inputTokens += e.inputTokens;
        r.outputTokens += e.outputTokens;
        r.cacheCreationTokens += e.cacheCreationTokens;
        r.cacheReadTokens += e.cacheReadTokens;
        if (e.costUsd === null) r.unpriced += 1;
        else r.costUsd += e.costUsd;
      }
    } else if (e.type === 'api_error') {
      row(bucket, 'e', e.model ?? 'unknown').calls += 1;
    } else if (e.type === 'tool_call') {
      const targets = [row(bucket, 't', e.tool)];
      if (e.sessionId) targets.push(row(bucket, 's', e.sessionId));
      for (const r of targets) {
        r.calls += 1;
        if (e.success === false) r.failed += 1;
      }
    }
  }
  for (const d of deltas) {
    const bucket = Math.floor(d.ts / width) * width;
    const targets = [row(bucket, 'm', d.model)];
    if (d.sessionId) targets.push(row(bucket, 's', d.sessionId));
    for (const r of targets) {
      r.inputTokens += d.inputTokens;
      r.outputTokens += d.outputTokens;
      r.cacheCreationTokens += d.cacheCreationTokens;
      r.cacheReadTokens += d.cacheReadTokens;
      r.costUsd += d.costUsd;
    }
  }
  return [...rows.values()];
}
