import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { Handler } from './route.js';

/**
 * The production build of @amiga/dashboard: `dashboard/` inside the installed npm package
 * (scripts/pack.mjs puts it beside `dist/`), else the workspace's `apps/dashboard/dist`.
 */
export function defaultDashboardDir(here: string = import.meta.dirname): string {
  const packaged = path.resolve(here, '../../dashboard');
  if (fs.existsSync(path.join(packaged, 'index.html'))) return packaged;
  return path.resolve(here, '../../../dashboard/dist');
}

/** API and Socket.IO paths are never the dashboard's: they skip the SPA route (and end as JSON 404s). */
export const skipApiPaths: RequestHandler = (req, _res, next) => {
  if (req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/socket.io')) return next('route');
  next();
};

/** The dashboard's files: hashed assets with long-lived caching (404 when missing), the rest for an hour. */
export function spaAssets(dir: string): Router {
  const router = Router();
  router.use(
    '/assets',
    express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }),
  );
  router.use(express.static(dir, { index: false, maxAge: '1h' }));
  return router;
}

/**
 * `index.html` (never cached) for `/`, `/websocket-test` and any other non-API GET
 * that is not a file, so client-side routes work on reload.
 */
export function spaHandler(dir: string): Handler {
  const index = path.join(dir, 'index.html');
  return (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard is not built yet: run `pnpm build`.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  };
}
