import { API_PATHS } from '@amiga/protocol';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Route } from '../http/route.js';
import type { Access } from '../security/token.js';
import { startServer } from '../test-support/server.js';

const READ = 'viewer-token-0123456789';
const INGEST = 'producer-token-0123456789';
const ADMIN = 'operator-token-0123456789';
const WRONG = 'wrong-token-0123456789ab';

/** The token each access needs, and tokens that must not open it. */
const TOKENS: Record<Exclude<Access, 'public'>, { right: string; wrong: string[] }> = {
  read: { right: READ, wrong: [WRONG, INGEST] },
  ingest: { right: INGEST, wrong: [WRONG, READ, ADMIN] },
  admin: { right: ADMIN, wrong: [WRONG, READ, INGEST] },
};

let app: App;
beforeAll(async () => {
  // Every token set, and every optional route on (the OTLP receiver).
  app = await startServer({ token: READ, ingestToken: INGEST, adminToken: ADMIN, sources: ['otlp'] });
});
afterAll(async () => {
  await app.close();
});

/** A request to a route: its status once the headers are in (a stream is then closed). */
async function call(route: Route, headers: Record<string, string> = {}, variant = (path: string) => path): Promise<Response> {
  const controller = new AbortController();
  const path = variant(route.path === '/{*splat}' ? '/some/page' : route.path);
  const res = await fetch(`${app.url}${path}`, {
    method: route.method.toUpperCase(),
    headers,
    signal: controller.signal,
    ...(route.method === 'post' ? { body: '{}' } : {}),
  });
  await (res.headers.get('content-type')?.startsWith('text/event-stream') ? controller.abort() : res.arrayBuffer());
  return res;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every route express answers, with its methods, walking mounted routers too. */
function expressRoutes(express: Express): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] }; slash: boolean; name: string };
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle.stack) walk(layer.handle.stack);
      // Middleware mounted at a path would answer requests outside the table.
      else expect(layer.slash, `middleware ${layer.name} is mounted at a path, outside the route table`).toBe(true);
    }
  };
  walk((express as unknown as { router: { stack: Layer[] } }).router.stack);
  return found;
}

describe('the route table, walked on a real server with every token set', () => {
  it('declares every path of the protocol, and express answers no route that is not in it', () => {
    const declared = app.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const path of Object.values(API_PATHS)) expect(declared.some((d) => d.endsWith(` ${path}`)), path).toBe(true);
    expect(expressRoutes(app.httpApp).sort()).toEqual([...declared].sort());
  });

  it('has public routes only where meant: health and the dashboard', () => {
    expect(app.routes.filter((r) => r.access === 'public').map((r) => r.path)).toEqual([API_PATHS.health, '/{*splat}']);
    expect(app.routes.find((r) => r.path === API_PATHS.clients)?.access).toBe('admin');
  });

  it('every non-public route refuses a request without a token, or with a token that does not open it, with 401', async () => {
    const closed = app.routes.filter((r) => r.access !== 'public');
    expect(closed.length).toBeGreaterThanOrEqual(12);
    for (const route of closed) {
      const name = `${route.method.toUpperCase()} ${route.path} (${route.access})`;
      const none = await call(route);
      expect(none.status, `${name} without a token`).toBe(401);
      expect(none.headers.get('www-authenticate'), name).toMatch(/^Bearer/);
      // Express matches paths case-insensitively and with a trailing slash: the check goes with the route.
      expect((await call(route, {}, (p) => `${p.toUpperCase()}/`)).status, `${name} spelled otherwise`).toBe(401);
      for (const token of TOKENS[route.access as keyof typeof TOKENS].wrong) {
        expect((await call(route, bearer(token))).status, `${name} with a token that must not open it`).toBe(401);
      }
      expect((await call(route, bearer(TOKENS[route.access as keyof typeof TOKENS].right))).status, `${name} with its token`).not.toBe(401);
    }
  });

  it('the admin token reads too; the read token no longer opens admin routes once an admin token is set', async () => {
    expect((await fetch(`${app.url}${API_PATHS.metricsOverview}`, { headers: bearer(ADMIN) })).status).toBe(200);
    const clients = await fetch(`${app.url}${API_PATHS.clients}`, { headers: bearer(READ) });
    expect(clients.status).toBe(401);
    expect(((await clients.json()) as { error: string }).error).toMatch(/admin token/);
  });

  it('a path not in the table is a JSON 404, whatever the method and token', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['GET', '/api/metrics/nope'],
      ['POST', '/api/nope'],
      ['POST', '/some/page'],
      ['GET', '/api'],
      ['POST', API_PATHS.health],
      ['GET', API_PATHS.events],
    ] as const) {
      const res = await fetch(`${app.url}${path}`, { method, headers: bearer(READ) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe('no such endpoint');
    }
  });
});
