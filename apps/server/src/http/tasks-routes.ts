import type { TasksQuery } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/**
 * `GET /api/tasks?status=&limit=`: tasks with their detail (description, model, cost, start
 * and end, failure reason, stale flag), most recently updated first. `status` is a task status
 * or `stale` (running with no update for `staleTaskMinutes`); `limit` 1..500, default 100.
 */
export function tasksHandler(store: Store, clock: Clock, staleTaskMinutes: number): Handler<TasksQuery> {
  return async (_req, res, { query }) => {
    if (!store.listTasks) return sendError(res, 501, 'this store cannot list tasks');
    const tasks = await store.listTasks({ ...query, staleBefore: clock.now() - staleTaskMinutes * 60 });
    res.json({ tasks });
  };
}
