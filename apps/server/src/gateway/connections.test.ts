import msgpackParser from 'socket.io-msgpack-parser';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { startServer, waitFor, type TestClient } from '../test-support/server.js';

let app: App;
const clients: TestClient[] = [];

beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await app.close();
});

/** A client of one namespace on one path, connected. */
async function open(namespace: string, o: { msgpack?: boolean; transport?: 'websocket' | 'polling' } = {}): Promise<TestClient> {
  const socket: TestClient = connect(`${app.url}${namespace}`, {
    transports: [o.transport ?? 'websocket'],
    reconnection: false,
    forceNew: true,
    ...(o.msgpack ? { path: '/socket.io-msgpack', parser: msgpackParser } : {}),
  });
  clients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connected', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** The `amiga_connected_clients` gauge as /metrics shows it, by transport. */
async function gauge(): Promise<Record<string, number>> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return Object.fromEntries([...text.matchAll(/^amiga_connected_clients\{transport="(\w+)"\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
}

describe('amiga_connected_clients', () => {
  it('counts every metrics namespace and both paths, each connection once', async () => {
    expect(await gauge()).toEqual({ websocket: 0, polling: 0, sse: 0 });
    await open('/');
    await open('/metrics');
    await open('/', { msgpack: true });
    await open('/metrics', { msgpack: true, transport: 'polling' });
    await open('/metrics', { transport: 'polling' });
    expect(await gauge()).toEqual({ websocket: 3, polling: 2, sse: 0 });

    // One connection in both namespaces (socket.io multiplexes them) counts once.
    const shared = connect(`${app.url}/metrics`, { transports: ['websocket'], reconnection: false });
    const sharedDefault = connect(app.url, { transports: ['websocket'], reconnection: false });
    clients.push(shared, sharedDefault);
    await Promise.all([shared, sharedDefault].map((s) => new Promise((resolve) => s.once('connected', resolve))));
    expect(shared.io).toBe(sharedDefault.io);
    expect((await gauge()).websocket).toBe(4);

    for (const c of clients.splice(0)) c.disconnect();
    await waitFor(async () => (await gauge()).websocket === 0 && (await gauge()).polling === 0, 5_000, 'the gauge to drop to 0');
  });
});
