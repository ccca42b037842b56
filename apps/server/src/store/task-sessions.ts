import type { TaskSession, TaskSessionTotals, TaskSummary } from '@amiga/protocol';
import { TASK_COLUMNS } from './rows.js';
import { inList, sessionTotalsSql, type SessionsDialect } from './session-queries.js';
import type { RunSql } from './session-reads.js';

/**
 * The reads of tasks linked to their sessions (issue 17 §3), for both stores: a linked
 * session's figures are its totals as the sessions API reads them (`sessionTotalsSql`, the
 * per-session rollups), so a task shows exactly what its sessions' pages show.
 */

/** `GET /api/tasks/:id` as the store reads it (the stale flag is the caller's). */
export interface TaskRead {
  task: TaskSummary;
  sessions: TaskSession[];
  totals: TaskSessionTotals;
}

/** A listed task's links: its sessions (sorted) and their measured cost. */
export interface TaskLinks {
  sessionIds: string[];
  costUsd: number;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

const TASK_ROW = `SELECT ${TASK_COLUMNS} FROM tasks WHERE id = @id`;
const TASK_LINKED = 'SELECT session_id FROM task_sessions WHERE task_id = @id ORDER BY session_id';

const ZERO: TaskSessionTotals = { requests: 0, input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0, cost_usd: 0, tool_calls: 0 };

/** One task, its linked sessions' figures (a session not heard from yet counts zeros) and their sums; null for an unknown task. */
export async function readTask(run: RunSql, id: string, d: SessionsDialect): Promise<TaskRead | null> {
  const [task] = (await run(TASK_ROW, { id })) as unknown as TaskSummary[];
  if (!task) return null;
  const ids = (await run(TASK_LINKED, { id })).map((r) => String(r.session_id));
  const totals = new Map<string, Record<string, unknown>>();
  if (ids.length > 0) {
    const q = sessionTotalsSql(ids, d);
    for (const t of await run(q.text, q.params)) totals.set(String(t.key), t);
  }
  const sessions = ids.map((sessionId): TaskSession => {
    const t = totals.get(sessionId) ?? {};
    return {
      session_id: sessionId,
      requests: num(t.requests),
      input_tokens: num(t.input_tokens),
      output_tokens: num(t.output_tokens),
      cache_creation_tokens: num(t.cache_creation_tokens),
      cache_read_tokens: num(t.cache_read_tokens),
      cost_usd: num(t.cost_usd),
      tool_calls: num(t.calls),
    };
  });
  const sum = { ...ZERO };
  for (const s of sessions) for (const k of Object.keys(ZERO) as Array<keyof TaskSessionTotals>) sum[k] += s[k];
  return { task: { ...task, cost_usd: task.cost_usd === null ? null : Number(task.cost_usd) }, sessions, totals: sum };
}

/** The links of the tasks `ids` with each one's measured cost, in one query; a task with no link is left out. */
export async function readTaskLinks(run: RunSql, ids: readonly string[], d: SessionsDialect): Promise<Map<string, TaskLinks>> {
  const links = new Map<string, TaskLinks>();
  if (ids.length === 0) return links;
  const { list, params } = inList(ids, 't');
  const rows = await run(
    `SELECT l.task_id, l.session_id, (SELECT COALESCE(SUM(cost_usd), 0) FROM ${d.sessionHour} WHERE dim = 's' AND key = l.session_id) AS cost
      FROM task_sessions l WHERE l.task_id IN ${list} ORDER BY l.task_id, l.session_id`,
    params,
  );
  for (const r of rows) {
    const taskId = String(r.task_id);
    const entry = links.get(taskId) ?? { sessionIds: [], costUsd: 0 };
    entry.sessionIds.push(String(r.session_id));
    entry.costUsd += num(r.cost);
    links.set(taskId, entry);
  }
  return links;
}
