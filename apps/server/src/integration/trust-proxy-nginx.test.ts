import http from 'node:http';
import { clientsList } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { parseTrustProxy } from '../security/client-address.js';
import { startNginx, type NginxService } from '../test-support/services/nginx.js';
import { startServer, type TestClient } from '../test-support/server.js';

/**
 * Behind the shipped nginx config (deploy/nginx, which appends $remote_addr to X-Forwarded-For),
 * clients from two loopback addresses: with MONITORING_TRUST_PROXY=1 each has its own bucket and
 * shows its own address, and a forged X-Forwarded-For is not believed.
 */
const ADMIN = 'admin-token-0123456789abcdef';
let app: App;
let nginx: NginxService;
const sockets: TestClient[] = [];

beforeAll(async () => {
  app = await startServer({ httpRate: 2, adminToken: ADMIN, trustProxy: parseTrustProxy('1') });
  nginx = await startNginx([Number(new URL(app.url).port)]);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nginx?.stop();
  await app?.close();
});

/** One GET through nginx from `localAddress`, optionally with a forged X-Forwarded-For; resolves to the status. */
function get(localAddress: string, path = '/api/health', headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: nginx.port, path, localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('MONITORING_TRUST_PROXY=1 behind the shipped nginx', () => {
  it('gives each client address its own rate-limit bucket, whatever X-Forwarded-For it forges', async () => {
    const first: number[] = [];
    for (let i = 0; i < 6; i++) first.push((await get('127.0.0.2', '/api/health', { 'x-forwarded-for': `198.51.100.${i}` })).status);
    expect(first).toContain(429);
    const other = [(await get('127.0.0.3')).status, (await get('127.0.0.3')).status];
    expect(other).toEqual([200, 200]);
  });

  it('lists the addresses nginx saw in /api/clients, not forged ones (socket.io over websocket)', async () => {
    for (const localAddress of ['127.0.0.4', '127.0.0.5']) {
      const socket: TestClient = connect(nginx.url, { transports: ['websocket'], reconnection: false, forceNew: true, localAddress, extraHeaders: { 'x-forwarded-for': '203.0.113.99' } } as never);
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connected', () => resolve());
        socket.once('connect_error', reject);
      });
    }
    const res = await get('127.0.0.6', '/api/clients', { authorization: `Bearer ${ADMIN}` });
    expect(res.status).toBe(200);
    const addresses = clientsList.parse(JSON.parse(res.body)).clients.map((c) => c.address).sort();
    expect(addresses).toEqual(['127.0.0.4', '127.0.0.5']);
  });
});
