import type pg from 'pg';
import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import { HOUR } from '../rollup.js';
import { SUMS, TASK_COLUMNS, toModel, toSeries, windowHours, withStale, type SumRow } from '../rows.js';
import type { SessionTotals, TaskListQuery, ToolTotals, WindowData, WindowQuery } from '../store.js';
import { sql } from './pg-values.js';

/**
 * Rollup rows of the window [since, ∞) that match `filter`: whole hours from the
 * hourly rollup, the ragged edges from the minute rollup (as the SQLite store reads them).
 */
const windowRows = (filter: string) => `
  SELECT * FROM rollup_hour WHERE ${filter} AND bucket >= @h0 AND bucket < @h1
  UNION ALL SELECT * FROM rollup_minute WHERE ${filter} AND bucket >= @since AND bucket < @h0
  UNION ALL SELECT * FROM rollup_minute WHERE ${filter} AND bucket >= @h1`;

/** Series rows, bucketed by integer division (buckets are whole seconds), ordered as SQLite's GROUP BY returns them. */
const SERIES = `SELECT (bucket / @bs) * @bs AS t, dim, key, ${SUMS}`;
const SERIES_ORDER = 'GROUP BY t, dim, key ORDER BY t, dim, key';

const Q = {
  // Both dimensions in one pass; ordered by key within each, as SQLite's GROUP BY key returns them.
  totals: sql(`SELECT dim, key, ${SUMS} FROM (${windowRows("dim IN ('m', 't')")}) r GROUP BY dim, key ORDER BY dim, key`),
  sessionCount: sql('SELECT COUNT(*) AS n FROM sessions WHERE last_seen >= @since'),
  recentSessions: sql(`SELECT id AS "sessionId", project, model, first_seen AS "firstSeen", last_seen AS "lastSeen"
    FROM sessions WHERE last_seen >= @since ORDER BY last_seen DESC, id DESC LIMIT @limit`),
  // All listed sessions' sums in one query (the SQLite store asks per session: no round trips there).
  sessionSums: sql(`SELECT key, ${SUMS} FROM (${windowRows("dim = 's' AND key = ANY(@keys::text[])")}) r GROUP BY key`),
  seriesMinute: sql(`${SERIES} FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @since ${SERIES_ORDER}`),
  seriesHour: sql(`${SERIES} FROM (${windowRows("dim IN ('m', 't')")}) r ${SERIES_ORDER}`),
  rangeMinute: sql(`${SERIES} FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @to ${SERIES_ORDER}`),
  rangeHour: sql(`${SERIES} FROM (
      SELECT * FROM rollup_hour WHERE dim IN ('m', 't') AND bucket >= @h0 AND bucket < @h1
      UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @a0
      UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @h1 AND bucket < @to) r ${SERIES_ORDER}`),
  activity: sql('SELECT description, ts AS timestamp, type FROM events WHERE ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit'),
  taskCounts: sql('SELECT status, COUNT(*) AS n FROM tasks WHERE updated_at >= @since GROUP BY status'),
  recentTasks: sql(`SELECT ${TASK_COLUMNS} FROM tasks WHERE updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`),
  staleTasks: sql(`SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND updated_at >= @since AND updated_at < @staleBefore`),
  apiErrors: sql(`SELECT COALESCE(SUM(calls), 0) AS n FROM (${windowRows("dim = 'e'")}) r`),
  listTasks: sql(`SELECT ${TASK_COLUMNS} FROM tasks
    WHERE (@status::text IS NULL OR status = @status) AND (@staleBefore::float8 IS NULL OR updated_at < @staleBefore)
    ORDER BY updated_at DESC, id LIMIT @limit`),
};

/**
 * Rollup buckets are whole seconds (BIGINT); bounds compared with them are rounded
 * up to whole seconds, which selects the same buckets (b >= x ⇔ b >= ⌈x⌉ for an
 * integer b) while keeping the comparison an index range on BIGINT.
 */
const whole = Math.ceil;

type Rows<T> = Promise<pg.QueryResult<T & pg.QueryResultRow>>;
const run = <T>(client: pg.ClientBase, q: { text: string; values: unknown[] }): Rows<T> => client.query<T & pg.QueryResultRow>(q);

/** Everything of a window, read by the caller inside one snapshot (a REPEATABLE READ transaction). */
export async function readWindow(client: pg.ClientBase, q: WindowQuery): Promise<WindowData> {
  const range = { since: whole(q.since), ...windowHours(q.since, q.until) };

  const models: WindowData['models'] = [];
  const tools: ToolTotals[] = [];
  for (const row of (await run<SumRow & { dim: string; key: string }>(client, Q.totals(range))).rows) {
    if (row.dim === 'm') models.push(toModel(row.key, row));
    else tools.push({ tool: row.key, calls: row.calls, failed: row.failed });
  }

  // The most recently active sessions (a session is in the window exactly when its last event is), then their sums.
  const recent = (await run<Omit<SessionTotals, keyof SumRow | 'toolCalls'>>(client, Q.recentSessions({ since: q.since, limit: q.sessionLimit }))).rows;
  const sums = new Map<string, SumRow>();
  if (recent.length > 0) {
    const keyed = await run<SumRow & { key: string }>(client, Q.sessionSums({ ...range, keys: recent.map((r) => r.sessionId) }));
    for (const row of keyed.rows) sums.set(row.key, row);
  }
  const sessions = recent.map((r): SessionTotals => {
    const s = sums.get(r.sessionId);
    return {
      ...r,
      requests: s?.requests ?? 0,
      inputTokens: s?.inputTokens ?? 0,
      outputTokens: s?.outputTokens ?? 0,
      cacheCreationTokens: s?.cacheCreationTokens ?? 0,
      cacheReadTokens: s?.cacheReadTokens ?? 0,
      costUsd: s?.costUsd ?? 0,
      toolCalls: s?.calls ?? 0,
    };
  });

  const seriesQuery = q.bucketSeconds % HOUR === 0 ? Q.seriesHour : Q.seriesMinute;
  const series = toSeries((await run<SumRow & { t: number; dim: string; key: string }>(client, seriesQuery({ ...range, bs: q.bucketSeconds }))).rows);

  const taskCounts: Record<TaskStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0 };
  for (const row of (await run<{ status: TaskStatus; n: number }>(client, Q.taskCounts({ since: q.since }))).rows) taskCounts[row.status] = row.n;

  const count = async (query: { text: string; values: unknown[] }) => ((await run<{ n: number }>(client, query)).rows[0] as { n: number }).n;
  const recentTasks = (await run<TaskSummary>(client, Q.recentTasks({ since: q.since, limit: q.taskLimit }))).rows;
  return {
    models,
    tools,
    sessionCount: await count(Q.sessionCount({ since: q.since })),
    sessions,
    series,
    activity: (await run<ActivityItem>(client, Q.activity({ since: q.since, limit: q.activityLimit }))).rows,
    taskCounts,
    recentTasks: recentTasks.map((t) => (q.staleBefore === undefined ? t : withStale(t, q.staleBefore))),
    staleTasks: q.staleBefore === undefined ? 0 : await count(Q.staleTasks({ since: q.since, staleBefore: q.staleBefore })),
    apiErrors: await count(Q.apiErrors(range)),
  };
}

/** Series rows between `from` (inclusive) and `to` (exclusive), as `Store.readSeries`. */
export async function readSeries(client: pg.ClientBase, from: number, to: number, bucketSeconds: number): Promise<WindowData['series']> {
  const { h0, h1 } = windowHours(from, to);
  const bounds = { from: whole(from), to: whole(to), h0, h1 };
  const query = bucketSeconds % HOUR === 0 ? Q.rangeHour({ ...bounds, a0: Math.min(h0, bounds.to), bs: bucketSeconds }) : Q.rangeMinute({ ...bounds, bs: bucketSeconds });
  return toSeries((await run<SumRow & { t: number; dim: string; key: string }>(client, query)).rows);
}

/** Tasks, most recently updated first, as `Store.listTasks`. */
export async function listTasks(client: pg.ClientBase, q: TaskListQuery): Promise<TaskSummary[]> {
  const stale = q.status === 'stale';
  const { rows } = await run<TaskSummary>(
    client,
    Q.listTasks({ status: stale ? 'running' : (q.status ?? null), staleBefore: stale ? q.staleBefore : null, limit: q.limit }),
  );
  return rows.map((t) => withStale(t, q.staleBefore));
}
