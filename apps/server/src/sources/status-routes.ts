import { Router } from 'express';
import type { Source } from './source.js';

/** `GET /api/sources`: each configured source, whether it is live, and what it reports (files, skipped lines, …). */
export function sourcesRoutes(sources: readonly Source[], live: readonly string[]): Router {
  const router = Router();
  router.get('/api/sources', (_req, res) => {
    res.json({
      sources: [
        { name: 'ingest', live: true },
        ...sources.map((s) => ({ name: s.name, live: live.includes(s.name), ...(s.status ? { status: s.status() } : {}) })),
      ],
    });
  });
  return router;
}
