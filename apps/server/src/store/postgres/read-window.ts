import type pg from 'pg';
import type { TaskSummary } from '@amiga/protocol';
import { rangeParams, READS, windowHours, runWindowReadsAsync, SUMS, TASK_COLUMNS, toSeries, windowRows, withStale, type ReadName, type ReadStep, type SumRow } from '../rows.js';
import type { ProjectCost, ScopeFilter, TaskListQuery, WindowData, WindowQuery } from '../store.js';
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

/** Everything of a window, read by the caller inside one snapshot (a REPEATABLE READ transaction). */
export async function readWindow(client: pg.ClientBase, q: WindowQuery): Promise<WindowData> {
  const statement = (read: ReadStep['read']): Compiled => (read === 'sessionSumsMany' ? OWN.sessionSums : (Q[read as ReadName] as Compiled));
  return runWindowReadsAsync(q, ({ read, params }) => rows(client, statement(read), params), { wholeBounds: true, manySessions: true });
}

/** Series rows between `from` (inclusive) and `to` (exclusive), as `Store.readSeries`. */
export async function readSeries(client: pg.ClientBase, from: number, to: number, bucketSeconds: number, filter?: ScopeFilter): Promise<WindowData['series']> {
  const { read, params } = rangeParams(whole(from), whole(to), bucketSeconds, filter);
  return toSeries(await rows<SumRow & { t: number; dim: string; key: string }>(client, Q[read], params));
}

/** The window's cost per session project, as `Store.readProjectCosts`. */
export async function readProjectCosts(client: pg.ClientBase, since: number, until: number): Promise<ProjectCost[]> {
  const listed = await rows<{ project: string | null; costUsd: number | string }>(client, Q.projectCosts, { since: whole(since), ...windowHours(since, until) });
  return listed.map((r) => ({ project: r.project, costUsd: Number(r.costUsd) }));
}

/** Tasks, most recently updated first, as `Store.listTasks`. */
export async function listTasks(client: pg.ClientBase, q: TaskListQuery): Promise<TaskSummary[]> {
  const stale = q.status === 'stale';
  const listed = await rows<TaskSummary>(client, OWN.listTasks, { status: stale ? 'running' : (q.status ?? null), staleBefore: stale ? q.staleBefore : null, limit: q.limit });
  return listed.map((t) => withStale(t, q.staleBefore));
}
