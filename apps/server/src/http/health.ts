import { Router } from 'express';

export interface HealthState {
  ready: boolean;
}

/** `GET /api/health`: 200 `{status:'ok'}` once ready, 503 `{status:'starting'}` before. */
export function healthRoutes(state: HealthState, details: () => Record<string, unknown>): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    if (!state.ready) return void res.status(503).json({ status: 'starting' });
    res.json({ status: 'ok', ...details() });
  });
  return router;
}
