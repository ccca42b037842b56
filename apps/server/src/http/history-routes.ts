import { historyRequest } from '@amiga/protocol';
import { Router } from 'express';
import { describeIssues } from '../gateway/safe-handler.js';
import { readHistory } from '../metrics/history.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import { firstValues } from './query.js';

/** `GET /api/metrics/history?from&to&bucket`: the same series as `request_history`, as one JSON body. */
export function historyRoutes(store: Store): Router {
  const router = Router();
  router.get('/api/metrics/history', async (req, res) => {
    const q = firstValues(req.query);
    const parsed = historyRequest.safeParse({ from: num(q.from), to: num(q.to), bucket: num(q.bucket) });
    if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error));
    res.json(await readHistory(store, parsed.data));
  });
  return router;
}

/** A query number, or the raw text (so the schema names the bad parameter). */
const num = (v: string | undefined): unknown => (v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
