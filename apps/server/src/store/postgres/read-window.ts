import type pg from 'pg';
import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import { rangeParams, READS, SUMS, TASK_COLUMNS, toSeries, toWindow, windowParams, windowRows, withStale, type ReadName, type SumRow, type WindowRows } from '../rows.js';
import { HOUR } from '../rollup.js';
import type { TaskListQuery, WindowData, WindowQuery } from '../store.js';
import { sql } from './pg-values.js';

type Compiled = ReturnType<typeof sql>;

/** The shared reads (see READS), compiled to pg's `$1…` once. */
const Q = Object.fromEntries(Object.entries(READS).map(([name, text]) => [name, sql(text)])) as Record<ReadName, Compiled>;

/** PostgreSQL's own reads: every listed session's sums in one query (SQLite asks per session: no round trips there), and the task list. */
const OWN = {
  sessionSums: sql(`SELECT key, ${SUMS} FROM (${windowRows("dim = 's' AND key = ANY(@keys::text[])")}) r GROUP BY key`),
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

const rows = async <T>(client: pg.ClientBase, query: Compiled, params: Record<string, unknown>): Promise<T[]> =>
  (await client.query<T & pg.QueryResultRow>(query(params))).rows;
const count = async (client: pg.ClientBase, query: Compiled, params: Record<string, unknown>): Promise<number> =>
  ((await rows<{ n: number }>(client, query, params))[0] as { n: number }).n;

/** Everything of a window, read by the caller inside one snapshot (a REPEATABLE READ transaction). */
export async function readWindow(client: pg.ClientBase, q: WindowQuery): Promise<WindowData> {
  const range = { ...windowParams(q), since: whole(q.since) };
  const recentSessions = await rows<WindowRows['recentSessions'][number]>(client, Q.recentSessions, { since: q.since, limit: q.sessionLimit });
  const sessionSums = new Map<string, SumRow>();
  if (recentSessions.length > 0) {
    const keyed = await rows<SumRow & { key: string }>(client, OWN.sessionSums, { ...range, keys: recentSessions.map((r) => r.sessionId) });
    for (const row of keyed) sessionSums.set(row.key, row);
  }
  return toWindow(q, {
    totals: await rows(client, Q.totals, range),
    sessionCount: await count(client, Q.sessionCount, { since: q.since }),
    recentSessions,
    sessionSums,
    series: await rows(client, q.bucketSeconds % HOUR === 0 ? Q.seriesHour : Q.seriesMinute, { ...range, bs: q.bucketSeconds }),
    activity: await rows<ActivityItem>(client, Q.activity, { since: q.since, limit: q.activityLimit }),
    taskCounts: await rows<{ status: TaskStatus; n: number }>(client, Q.taskCounts, { since: q.since }),
    recentTasks: await rows<TaskSummary>(client, Q.recentTasks, { since: q.since, limit: q.taskLimit }),
    staleTasks: q.staleBefore === undefined ? 0 : await count(client, Q.staleTasks, { since: q.since, staleBefore: q.staleBefore }),
    apiErrors: await count(client, Q.apiErrors, range),
  });
}

/** Series rows between `from` (inclusive) and `to` (exclusive), as `Store.readSeries`. */
export async function readSeries(client: pg.ClientBase, from: number, to: number, bucketSeconds: number): Promise<WindowData['series']> {
  const { read, params } = rangeParams(whole(from), whole(to), bucketSeconds);
  return toSeries(await rows<SumRow & { t: number; dim: string; key: string }>(client, Q[read], params));
}

/** Tasks, most recently updated first, as `Store.listTasks`. */
export async function listTasks(client: pg.ClientBase, q: TaskListQuery): Promise<TaskSummary[]> {
  const stale = q.status === 'stale';
  const listed = await rows<TaskSummary>(client, OWN.listTasks, { status: stale ? 'running' : (q.status ?? null), staleBefore: stale ? q.staleBefore : null, limit: q.limit });
  return listed.map((t) => withStale(t, q.staleBefore));
}
