import { tasksQuery } from '@amiga/protocol';
import { Router } from 'express';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';

/**
 * `GET /api/tasks?status=&limit=`: tasks with their detail (description, model, cost, start
 * and end, failure reason, stale flag), most recently updated first. `status` is a task status
 * or `stale` (running with no update for `staleTaskMinutes`); `limit` 1..500, default 100.
 */
export function tasksRoutes(store: Store, clock: Clock, staleTaskMinutes: number): Router {
  const router = Router();
  router.get('/api/tasks', async (req, res) => {
    const parsed = tasksQuery.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendError(res, 400, `${issue?.path.join('.') || 'query'}: ${issue?.message}`);
    }
    if (!store.listTasks) return sendError(res, 501, 'this store cannot list tasks');
    const tasks = await store.listTasks({ ...parsed.data, staleBefore: clock.now() - staleTaskMinutes * 60 });
    res.json({ tasks });
  });
  return router;
}
