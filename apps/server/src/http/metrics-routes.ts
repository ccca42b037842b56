import type { MetricsSnapshot } from '@amiga/protocol';
import { Router, type Request, type Response } from 'express';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import { describeIssues } from '../gateway/safe-handler.js';
import { sendError } from './errors.js';
import { firstValues, hoursQuery } from './query.js';

/** `GET /api/metrics/overview` (the `overview` object) and `GET /api/metrics/snapshot` (the whole snapshot), `?hours=N`. */
export function metricsRoutes(broadcaster: Broadcaster): Router {
  const router = Router();
  const route = (pick: (s: MetricsSnapshot) => unknown) => async (req: Request, res: Response) => {
    const parsed = hoursQuery.safeParse(firstValues(req.query));
    if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error));
    res.json(pick((await broadcaster.current(parsed.data.hours)).snapshot));
  };
  router.get('/api/metrics/overview', route((s) => s.overview));
  router.get('/api/metrics/snapshot', route((s) => s));
  return router;
}
