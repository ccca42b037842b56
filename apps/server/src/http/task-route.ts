import type { TaskDetail } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import { withStale } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/**
 * `GET /api/tasks/:id`: the task, each session linked to it (issue 17 §3) with its figures as the
 * sessions API reads them, and their totals; 404 for an unknown id.
 */
export function taskHandler(store: Store, clock: Clock, staleTaskMinutes: number): Handler {
  return async (req, res) => {
    if (!store.readTask) return sendError(res, 501, 'this store cannot read tasks');
    const id = req.params.id;
    if (typeof id !== 'string' || id === '' || id.length > 2000) return sendError(res, 400, 'id: must be a task id (1-2000 characters)');
    const read = await store.readTask(id);
    if (!read) return sendError(res, 404, `no task ${JSON.stringify(id)}`);
    const body: TaskDetail = { ...read, task: withStale(read.task, clock.now() - staleTaskMinutes * 60) };
    res.json(body);
  };
}
