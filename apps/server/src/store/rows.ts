import type { TaskSummary } from '@amiga/protocol';
import { HOUR, type RollupSums } from './rollup.js';
import type { ModelTotals, WindowData } from './store.js';

/**
 * Sums of rollup rows, named as `RollupSums`. The aliases are quoted so both
 * SQLite and PostgreSQL (which folds unquoted names to lower case) keep the case.
 */
export const SUMS = `SUM(requests) AS "requests", SUM(input_tokens) AS "inputTokens", SUM(output_tokens) AS "outputTokens",
  SUM(cache_creation_tokens) AS "cacheCreationTokens", SUM(cache_read_tokens) AS "cacheReadTokens",
  SUM(cost_usd) AS "costUsd", SUM(unpriced) AS "unpriced", SUM(calls) AS "calls", SUM(failed) AS "failed"`;

/** The task columns, in `TaskSummary`'s names. */
export const TASK_COLUMNS = 'id, status, description, model, cost_usd, created_at, updated_at, started_at, ended_at, error';

export type SumRow = RollupSums;

export function toModel(model: string, r: SumRow): ModelTotals {
  return {
    model,
    requests: r.requests,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheCreationTokens: r.cacheCreationTokens,
    cacheReadTokens: r.cacheReadTokens,
    costUsd: r.costUsd,
    unpricedRequests: r.unpriced,
  };
}

/** Series rows (dimension `m` or `t`, bucket start `t`) as the window's series. */
export function toSeries(rows: Iterable<SumRow & { t: number; dim: string; key: string }>): WindowData['series'] {
  const series: WindowData['series'] = { models: [], tools: [] };
  for (const row of rows) {
    if (row.dim === 'm') series.models.push({ t: row.t, ...toModel(row.key, row) });
    else series.tools.push({ t: row.t, calls: row.calls });
  }
  return series;
}

/** A task marked stale when it is running and was last updated before `staleBefore`. */
export function withStale(t: TaskSummary, staleBefore: number): TaskSummary {
  return { ...t, stale: t.status === 'running' && t.updated_at < staleBefore };
}

/**
 * How a window [since, until] splits between the rollups: whole hours [h0, h1)
 * from the hourly one, the ragged edges from the minute one.
 */
export function windowHours(since: number, until: number): { h0: number; h1: number } {
  const h0 = Math.ceil(since / HOUR) * HOUR;
  return { h0, h1: Math.max(h0, Math.floor(until / HOUR) * HOUR) };
}
