import { z } from 'zod';
import { taskSummary } from './snapshot.js';

/**
 * Tasks linked to their sessions (issue 17 §3): a `task` event may name the agent sessions that
 * work it (`session_id`, `session_ids`); `GET /api/tasks/:id` answers the task with each linked
 * session's figures (from the stored session data) and their totals.
 */

/** Sessions one task event may link: at most this many. */
export const TASK_SESSIONS_MAX = 100;

const count = z.number().int().nonnegative();
const usd = z.number().finite().nonnegative();

/** The figures of a linked session (or of all of them: `totals`). */
export const taskSessionTotals = z.object({
  requests: count,
  input_tokens: count,
  output_tokens: count,
  cache_creation_tokens: count,
  cache_read_tokens: count,
  cost_usd: usd,
  tool_calls: count,
});
export type TaskSessionTotals = z.infer<typeof taskSessionTotals>;

export const taskSession = taskSessionTotals.extend({ session_id: z.string() });
export type TaskSession = z.infer<typeof taskSession>;

/** `GET /api/tasks/:id`: the task, its linked sessions (by id), and their totals (zeros when none is linked). */
export const taskDetail = z.object({
  task: taskSummary,
  sessions: z.array(taskSession),
  totals: taskSessionTotals,
});
export type TaskDetail = z.infer<typeof taskDetail>;

/** The URL of one task's detail (`API_PATHS.task` is the express path). */
export const taskPath = (id: string): string => `/api/tasks/${encodeURIComponent(id)}`;
