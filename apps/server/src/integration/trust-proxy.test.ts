import { clientsList } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { loadConfig } from '../config/config.js';
import { parseTrustProxy } from '../security/client-address.js';
import { runServer } from '../test-support/child.js';
import { sleep, startServer, type TestClient } from '../test-support/server.js';

const ADMIN = 'admin-token-0123456789abcdef';
let app: App | undefined;
const sockets: TestClient[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await app?.close();
  app = undefined;
});

/** Status codes of `n` requests to /api/health sent with X-Forwarded-For `xff` (none when undefined). */
async function statuses(n: number, xff?: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${app!.url}/api/health`, { headers: xff ? { 'x-forwarded-for': xff } : {} });
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

/** Connects a socket.io client sending X-Forwarded-For (extraHeaders work on Node's websocket and polling alike). */
function connectAs(xff: string, transport: 'websocket' | 'polling'): Promise<TestClient | Error> {
  const socket: TestClient = connect(app!.url, { transports: [transport], reconnection: false, forceNew: true, extraHeaders: { 'x-forwarded-for': xff } });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connected', () => resolve(socket));
    socket.once('connect_error', (err) => resolve(err));
  });
}

async function listedAddresses(): Promise<string[]> {
  const res = await fetch(`${app!.url}/api/clients`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return clientsList.parse(await res.json()).clients.map((c) => c.address ?? '(none)').sort();
}

describe('MONITORING_TRUST_PROXY', () => {
  it('parses hop counts, address lists and off; refuses anything else at start-up', () => {
    expect(parseTrustProxy(undefined)).toBeNull();
    expect(parseTrustProxy('off')).toBeNull();
    expect(parseTrustProxy('1')?.('10.0.0.1', 0)).toBe(true);
    expect(parseTrustProxy('1')?.('10.0.0.1', 1)).toBe(false);
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8')?.('10.2.3.4', 0)).toBe(true);
    expect(parseTrustProxy('loopback')?.('192.0.2.1', 0)).toBe(false);
    expect(() => loadConfig({ MONITORING_TRUST_PROXY: 'not-an-address' })).toThrow(/MONITORING_TRUST_PROXY.*invalid IP address/s);
    expect(() => loadConfig({ MONITORING_TRUST_PROXY: '10.0.0.0/99' })).toThrow(/MONITORING_TRUST_PROXY/);
    expect(() => loadConfig({ MONITORING_TRUST_PROXY: '127.0.0.1,,' })).toThrow(/MONITORING_TRUST_PROXY: an empty entry/);
    expect(loadConfig({ MONITORING_TRUST_PROXY: '2' }).trustProxy).toBeTypeOf('function');
  });

  it('a bad value stops the server at start-up: exit 2, naming the variable', async () => {
    const server = runServer({ MONITORING_TRUST_PROXY: '10.0.0.0/8,not-an-address', MONITORING_PORT: '0', MONITORING_DB: ':memory:' });
    expect(await server.exited).toBe(2);
    expect(server.output()).toContain('MONITORING_TRUST_PROXY: invalid IP address: not-an-address');
  }, 30_000);

  it('off: X-Forwarded-For is ignored, one rate-limit bucket for the socket address, /api/clients shows the peer', async () => {
    app = await startServer({ httpRate: 2, connectRate: 1, adminToken: ADMIN });
    const a = await statuses(6, '198.51.100.1');
    const b = await statuses(2, '198.51.100.2');
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(0);
    // The bucket is the loopback peer's: another forwarded address does not refill it.
    expect(b).toContain(429);
    const first = await connectAs('198.51.100.1', 'websocket');
    expect(first).not.toBeInstanceOf(Error);
    await sleep(1_100); // the shared bucket refills before the admin asks
    const listed = await listedAddresses();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatch(/127\.0\.0\.1$/);
  });

  for (const setting of ['1', '127.0.0.1']) {
    it(`"${setting}": two forwarded addresses get their own buckets and appear in /api/clients, over HTTP and socket.io`, async () => {
      app = await startServer({ httpRate: 2, connectRate: 1, adminToken: ADMIN, trustProxy: parseTrustProxy(setting) });
      const a = await statuses(6, '198.51.100.1');
      expect(a.filter((s) => s === 429).length).toBeGreaterThan(0);
      // A second client behind the same proxy still has its own full bucket.
      expect(await statuses(2, '198.51.100.2')).toEqual([200, 200]);
      // Socket.IO: the connect limit (burst 4) is per forwarded address too.
      const results: Array<TestClient | Error> = [];
      for (let i = 0; i < 6; i++) results.push(await connectAs('203.0.113.7', i % 2 ? 'polling' : 'websocket'));
      expect(results.some((r) => r instanceof Error && /too many connections|xhr poll error|websocket error/.test(r.message))).toBe(true);
      const other = await connectAs('203.0.113.8', 'polling');
      expect(other).not.toBeInstanceOf(Error);
      const listed = await listedAddresses();
      expect(listed).toContain('203.0.113.7');
      expect(listed).toContain('203.0.113.8');
      expect(listed.every((x) => x === '203.0.113.7' || x === '203.0.113.8')).toBe(true);
    });
  }
});
