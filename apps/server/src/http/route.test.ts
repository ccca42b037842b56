import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRoutes, mountRoutes, route, RouteTableError, type Route } from './route.js';

const ok: Route['handler'] = (_req, res) => void res.json({ ok: true });

describe('the route table', () => {
  it('refuses at start-up a route that declares no access level', () => {
    const open = { method: 'get', path: '/api/open', handler: ok } as unknown as Route;
    expect(() => checkRoutes([open])).toThrow(RouteTableError);
    expect(() => mountRoutes(express(), [open], {})).toThrow(/GET \/api\/open declares no access level/);
    const typo = { method: 'get', path: '/api/typo', access: 'reader', handler: ok } as unknown as Route;
    expect(() => mountRoutes(express(), [typo], {})).toThrow(/declares no access level/);
  });

  it('refuses a route declared twice, an unknown method and a relative path', () => {
    const a = route({ method: 'get', path: '/a', access: 'read', handler: ok });
    expect(() => checkRoutes([a, a])).toThrow(/declared twice/);
    expect(() => checkRoutes([{ ...a, method: 'delete' } as unknown as Route])).toThrow(/unknown method/);
    expect(() => checkRoutes([{ ...a, path: 'a' }])).toThrow(/must start with \//);
    expect(() => checkRoutes([a, { ...a, method: 'post' }])).not.toThrow();
  });

  describe('mounted', () => {
    let server: http.Server | undefined;
    afterEach(() => server?.close());

    const serve = async (routes: Route[], tokens = {}) => {
      const app = express();
      app.set('query parser', 'simple');
      mountRoutes(app, routes, tokens);
      server = http.createServer(app);
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };

    it('checks access before anything else, then answers a bad query with 400 and the one formatter, then runs the handler', async () => {
      const url = await serve(
        [
          route({
            method: 'get',
            path: '/n',
            access: 'read',
            query: z.object({ n: z.coerce.number().int() }),
            handler: (_req, res, { query, may }) => void res.json({ n: query.n, admin: may('admin') }),
          }),
        ],
        { token: 'viewer-token-0123456789' },
      );
      const none = await fetch(`${url}/n?n=x`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const bad = await fetch(`${url}/n?n=x&token=viewer-token-0123456789`);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toBe('n: Invalid input: expected number, received NaN');
      expect(await (await fetch(`${url}/n?n=3&token=viewer-token-0123456789`)).json()).toEqual({ n: 3, admin: true });
    });

    it('validates a parsed body with its schema, answering a refusal with 400 or the route\'s own answer', async () => {
      const url = await serve([
        route({
          method: 'post',
          path: '/b',
          access: 'ingest',
          body: { schema: z.object({ x: z.string() }), parse: [express.json()] },
          handler: (_req, res, { body }) => void res.json(body),
        }),
        route({
          method: 'post',
          path: '/c',
          access: 'ingest',
          body: { schema: z.object({ x: z.string() }), parse: [express.json()], invalid: (_req, res) => void res.status(422).json({}) },
          handler: ok,
        }),
      ]);
      const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(await (await post('/b', { x: 'y', z: 1 })).json()).toEqual({ x: 'y' });
      const bad = await post('/b', { x: 1 });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/^x: /);
      expect((await post('/c', {})).status).toBe(422);
    });
  });
});
