import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** The production build of @amiga/dashboard, found beside this package in the workspace. */
export function defaultDashboardDir(): string {
  return path.resolve(import.meta.dirname, '../../../dashboard/dist');
}

/**
 * Serves the dashboard's build: hashed assets with long-lived caching, and
 * `index.html` (never cached) for `/`, `/websocket-test` and any other non-API GET,
 * so client-side routes work on reload.
 */
export function spaRoutes(dir: string): Router {
  const router = Router();
  const index = path.join(dir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  router.get('/{*splat}', (req, res, next) => {
    if (req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/socket.io')) return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built yet: run `pnpm build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return router;
}
