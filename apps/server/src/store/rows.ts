import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import { HOUR, type RollupSums } from './rollup.js';
import type { ModelTotals, SessionTotals, ToolTotals, WindowData, WindowQuery } from './store.js';

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

/**
 * Rollup rows of the window [since, ∞) that match `filter`: whole hours [h0, h1) from the
 * hourly rollup, the ragged edges (before the first whole hour, and the current hour) from
 * the minute rollup. The filter names the dimension, so each part is a range scan of the
 * primary key (dim, bucket, key). `from` names the tables (SQLite adds index hints).
 */
export const windowRows = (filter: string, from = { hour: 'rollup_hour', minute: 'rollup_minute' }): string => `
  SELECT * FROM ${from.hour} WHERE ${filter} AND bucket >= @h0 AND bucket < @h1
  UNION ALL SELECT * FROM ${from.minute} WHERE ${filter} AND bucket >= @since AND bucket < @h0
  UNION ALL SELECT * FROM ${from.minute} WHERE ${filter} AND bucket >= @h1`;

/** Series rows in buckets of @bs seconds (integer division: buckets are whole seconds). */
const SERIES = `SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS}`;
const SERIES_ORDER = 'GROUP BY t, dim, key ORDER BY t, dim, key';

/**
 * The read statements both stores run, with `@name` parameters (SQLite binds them as they
 * are; PostgreSQL compiles them with `sql`). Subqueries are named (`r`), as PostgreSQL wants.
 */
export const READS = {
  /** Model and tool totals in one pass, ordered by dimension and key. */
  totals: `SELECT dim, key, ${SUMS} FROM (${windowRows("dim IN ('m', 't')")}) r GROUP BY dim, key ORDER BY dim, key`,
  sessionCount: 'SELECT COUNT(*) AS n FROM sessions WHERE last_seen >= @since',
  /** The most recently active sessions (a session is in the window exactly when its last event is). */
  recentSessions: `SELECT id AS "sessionId", project, model, first_seen AS "firstSeen", last_seen AS "lastSeen"
    FROM sessions WHERE last_seen >= @since ORDER BY last_seen DESC, id DESC LIMIT @limit`,
  seriesMinute: `${SERIES} FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @since ${SERIES_ORDER}`,
  seriesHour: `${SERIES} FROM (${windowRows("dim IN ('m', 't')")}) r ${SERIES_ORDER}`,
  rangeMinute: `${SERIES} FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @to ${SERIES_ORDER}`,
  rangeHour: `${SERIES} FROM (
      SELECT * FROM rollup_hour WHERE dim IN ('m', 't') AND bucket >= @h0 AND bucket < @h1
      UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @a0
      UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @h1 AND bucket < @to) r ${SERIES_ORDER}`,
  activity: 'SELECT description, ts AS timestamp, type FROM events WHERE ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit',
  taskCounts: 'SELECT status, COUNT(*) AS n FROM tasks WHERE updated_at >= @since GROUP BY status',
  recentTasks: `SELECT ${TASK_COLUMNS} FROM tasks WHERE updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`,
  staleTasks: `SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND updated_at >= @since AND updated_at < @staleBefore`,
  apiErrors: `SELECT COALESCE(SUM(calls), 0) AS n FROM (${windowRows("dim = 'e'")}) r`,
} as const;

export type ReadName = keyof typeof READS;

/** The parameters of a window's reads (rollup bounds as `windowHours` splits them). */
export function windowParams(q: WindowQuery): { since: number; h0: number; h1: number } {
  return { since: q.since, ...windowHours(q.since, q.until) };
}

/** The parameters of a series read between `from` and `to`, and which statement serves it. */
export function rangeParams(from: number, to: number, bucketSeconds: number): { read: 'rangeHour' | 'rangeMinute'; params: Record<string, number> } {
  const { h0, h1 } = windowHours(from, to);
  return bucketSeconds % HOUR === 0
    ? { read: 'rangeHour', params: { from, to, h0, h1, a0: Math.min(h0, to), bs: bucketSeconds } }
    : { read: 'rangeMinute', params: { from, to, bs: bucketSeconds } };
}

/** What a store read for a window, as rows. */
export interface WindowRows {
  totals: Array<SumRow & { dim: string; key: string }>;
  sessionCount: number;
  recentSessions: Array<Omit<SessionTotals, keyof SumRow | 'toolCalls'>>;
  /** Each recent session's sums over the window, by id (absent: nothing in the rollups). */
  sessionSums: ReadonlyMap<string, Partial<SumRow>>;
  series: Array<SumRow & { t: number; dim: string; key: string }>;
  activity: ActivityItem[];
  taskCounts: Array<{ status: TaskStatus; n: number }>;
  recentTasks: TaskSummary[];
  staleTasks: number;
  apiErrors: number;
}

/** The window from what a store read (the same for every store). */
export function toWindow(q: WindowQuery, r: WindowRows): WindowData {
  const models: ModelTotals[] = [];
  const tools: ToolTotals[] = [];
  for (const row of r.totals) {
    if (row.dim === 'm') models.push(toModel(row.key, row));
    else tools.push({ tool: row.key, calls: row.calls, failed: row.failed });
  }
  const taskCounts: Record<TaskStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0 };
  for (const row of r.taskCounts) taskCounts[row.status] = row.n;
  return {
    models,
    tools,
    sessionCount: r.sessionCount,
    sessions: r.recentSessions.map((s): SessionTotals => {
      const sums = r.sessionSums.get(s.sessionId);
      return {
        ...s,
        requests: sums?.requests ?? 0,
        inputTokens: sums?.inputTokens ?? 0,
        outputTokens: sums?.outputTokens ?? 0,
        cacheCreationTokens: sums?.cacheCreationTokens ?? 0,
        cacheReadTokens: sums?.cacheReadTokens ?? 0,
        costUsd: sums?.costUsd ?? 0,
        toolCalls: sums?.calls ?? 0,
      };
    }),
    series: toSeries(r.series),
    activity: r.activity,
    taskCounts,
    recentTasks: q.staleBefore === undefined ? r.recentTasks : r.recentTasks.map((t) => withStale(t, q.staleBefore as number)),
    staleTasks: r.staleTasks,
    apiErrors: r.apiErrors,
  };
}
