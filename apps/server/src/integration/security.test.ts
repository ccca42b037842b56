import { io as connect } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { next, sleep, startServer, type TestClient } from '../test-support/server.js';

const TOKEN = 'viewer-token-0123456789';
const INGEST = 'producer-token-0123456789';
const ALLOWED = 'https://dash.example.com';

let app: App;
beforeAll(async () => {
  // With the OTLP receiver on, so its routes are there to refuse.
  app = await startServer({ token: TOKEN, ingestToken: INGEST, corsOrigins: [ALLOWED], sources: ['otlp'] });
});
afterAll(async () => {
  await app.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('with MONITORING_TOKEN and MONITORING_INGEST_TOKEN set', () => {
  it.each(['/api/metrics/overview', '/api/metrics/snapshot', '/api/tasks', '/api/sources', '/api/stats', '/metrics'])(
    'GET %s needs the read token',
    async (path) => {
      const none = await fetch(`${app.url}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await fetch(`${app.url}${path}`, { headers: bearer('wrong-token-0123456789') })).status).toBe(401);
      expect((await fetch(`${app.url}${path}`, { headers: bearer(TOKEN) })).status).toBe(200);
      expect((await fetch(`${app.url}${path}?token=${TOKEN}`)).status).toBe(200);
    },
  );

  it('the SSE stream takes the token as a query parameter (EventSource sends no headers)', async () => {
    expect((await fetch(`${app.url}/api/stream/metrics`)).status).toBe(401);
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/stream/metrics?token=${TOKEN}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    controller.abort();
  });

  it('only the ingest token writes; the read token cannot', async () => {
    const body = JSON.stringify({ type: 'tool_call', tool: 'Read' });
    const post = (headers: Record<string, string>, path = '/api/events') =>
      fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await post({})).status).toBe(401);
    expect((await post(bearer(TOKEN))).status).toBe(401);
    expect((await post(bearer(INGEST))).status).toBe(202);
    expect((await post({}, '/v1/logs')).status).toBe(401);
    expect((await post(bearer(TOKEN), '/v1/metrics')).status).toBe(401);
  });

  it('the ingest token does not read', async () => {
    expect((await fetch(`${app.url}/api/metrics/overview`, { headers: bearer(INGEST) })).status).toBe(401);
  });

  it('health stays open (for load balancers) and the dashboard page loads without a token', async () => {
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  });

  it('Socket.IO refuses a handshake without the token with a clear connect_error', async () => {
    for (const auth of [undefined, { token: 'nope-nope-nope-nope' }, { token: 42 }]) {
      const socket: TestClient = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: auth as never });
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(err.message).toMatch(/unauthorized/);
      socket.close();
    }
    const ok: TestClient = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: TOKEN } });
    expect((await next(ok, 'connected')).status).toBe('connected');
    ok.close();
  });
});

describe('origins', () => {
  it('CORS answers an allowed origin and its preflight, and nothing for others', async () => {
    const pre = await fetch(`${app.url}/api/metrics/overview`, { method: 'OPTIONS', headers: { origin: ALLOWED, 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const allowed = await fetch(`${app.url}/api/metrics/overview`, { headers: { origin: ALLOWED, ...bearer(TOKEN) } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const other = await fetch(`${app.url}/api/metrics/overview`, { headers: { origin: 'https://evil.example', ...bearer(TOKEN) } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const write = await fetch(`${app.url}/api/events`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...bearer(INGEST) },
      body: JSON.stringify({ type: 'activity', description: 'x' }),
    });
    expect(write.status).toBe(403);
  });

  it('a WebSocket upgrade from a foreign origin is refused; same-origin and listed ones pass', async () => {
    const attempt = (origin: string) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin });
        ws.once('open', () => {
          ws.close();
          resolve(true);
        });
        ws.once('error', () => resolve(false));
      });
    expect(await attempt('https://evil.example')).toBe(false);
    expect(await attempt(ALLOWED)).toBe(true);
    expect(await attempt(app.url)).toBe(true);
  });
});

describe('security headers', () => {
  it('sets a CSP fit for the SPA, nosniff and frame denial', async () => {
    const res = await fetch(`${app.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('rate limits', () => {
  let limited: App;
  beforeAll(async () => {
    limited = await startServer({ httpRate: 5, connectRate: 2, eventRate: 5 });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 to an IP that sends too many requests', async () => {
    const statuses = [];
    for (let i = 0; i < 30; i++) statuses.push((await fetch(`${limited.url}/api/health`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses[0]).toBe(200);
    await sleep(1_500);
  });

  it('refuses new connections beyond the per-IP rate', async () => {
    await sleep(2_000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => {
        const s: TestClient = connect(limited.url, { transports: ['websocket'], reconnection: false, forceNew: true });
        return new Promise<boolean>((resolve) => {
          s.once('connect', () => resolve(true));
          s.once('connect_error', () => resolve(false));
        }).finally(() => s.close());
      }),
    );
    expect(results.filter(Boolean).length).toBeLessThanOrEqual(9);
    expect(results.some((r) => !r)).toBe(true);
    await sleep(2_000);
  });

  it('answers a burst of events with a rate-limit error, and disconnects a client that keeps flooding', async () => {
    await sleep(3_000);
    const s: TestClient = connect(limited.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await next(s, 'connected');
    const error = next(s, 'error');
    for (let i = 0; i < 20; i++) s.emit('set_interval', { interval: 5 });
    expect((await error).error).toMatch(/rate limit/);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    for (let i = 0; i < 200; i++) s.emit('set_interval', { interval: 5 });
    expect(await gone).toBe('io server disconnect');
  });
});
