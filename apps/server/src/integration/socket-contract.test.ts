import { HOURS_DEFAULT, INTERVAL_DEFAULT, metricsSnapshot, serverEventSchemas } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, record, sleep, startServer, type TestClient } from '../test-support/server.js';

let app: App;
const clients: TestClient[] = [];
const client = async (transport: 'websocket' | 'polling' = 'websocket') => {
  const c = await connectClient(app, transport);
  clients.push(c.socket);
  return c;
};

beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await app.close();
});

describe.each(['websocket', 'polling'] as const)('the v1 event contract over %s', (transport) => {
  it('greets a new client with a unique client_id', async () => {
    const a = await client(transport);
    const b = await client(transport);
    expect(a.clientId).toBe(a.socket.id);
    expect(a.clientId).not.toBe(b.clientId);
    expect(serverEventSchemas.connected.parse({ status: 'connected', client_id: a.clientId })).toBeTruthy();
  });

  it('subscribe with no payload takes the defaults and sends a snapshot right away', async () => {
    const { socket } = await client(transport);
    const events: string[] = [];
    socket.onAny((event) => events.push(event));
    const subscribed = next(socket, 'subscribed');
    const update = next(socket, 'metrics_update');
    socket.emit('subscribe');
    expect(await subscribed).toEqual({ status: 'subscribed', config: { hours: HOURS_DEFAULT, update_interval: INTERVAL_DEFAULT } });
    const snapshot = await update;
    expect(metricsSnapshot.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.window.hours).toBe(HOURS_DEFAULT);
    expect(events.slice(0, 2)).toEqual(['subscribed', 'metrics_update']);
  });

  it('clamps out-of-range numbers instead of refusing them', async () => {
    const { socket } = await client(transport);
    const subscribed = next(socket, 'subscribed');
    socket.emit('subscribe', { hours: 500, update_interval: 0 });
    expect((await subscribed).config).toEqual({ hours: 168, update_interval: 1 });
    const low = next(socket, 'subscribed');
    socket.emit('subscribe', { hours: -4, update_interval: 9999 });
    expect((await low).config).toEqual({ hours: 1, update_interval: 60 });
    const fraction = next(socket, 'subscribed');
    socket.emit('subscribe', { hours: 6.7 });
    expect((await fraction).config).toEqual({ hours: 6, update_interval: INTERVAL_DEFAULT });
  });

  it('set_interval clamps and answers interval_updated', async () => {
    const { socket } = await client(transport);
    const answers = [];
    for (const interval of [5, 0, 120, 2.9]) {
      const answer = next(socket, 'interval_updated');
      socket.emit('set_interval', { interval });
      answers.push((await answer).interval);
    }
    expect(answers).toEqual([5, 1, 60, 2]);
  });

  it('request_refresh answers with a snapshot, subscribed or not, for the given or the default window', async () => {
    const { socket } = await client(transport);
    const first = next(socket, 'metrics_update');
    socket.emit('request_refresh');
    expect((await first).window.hours).toBe(HOURS_DEFAULT);
    const second = next(socket, 'metrics_update');
    socket.emit('request_refresh', { hours: 3 });
    expect((await second).window.hours).toBe(3);
    const third = next(socket, 'metrics_update');
    socket.emit('request_refresh', { hours: 1000 });
    expect((await third).window.hours).toBe(168);
  });

  it('request_refresh without hours uses the subscribed window', async () => {
    const { socket } = await client(transport);
    socket.emit('subscribe', { hours: 6 });
    await next(socket, 'metrics_update');
    const refreshed = next(socket, 'metrics_update');
    socket.emit('request_refresh');
    expect((await refreshed).window.hours).toBe(6);
  });

  it('unsubscribe answers unsubscribed and stops periodic updates', async () => {
    const { socket } = await client(transport);
    socket.emit('subscribe', { hours: 2, update_interval: 1 });
    await next(socket, 'metrics_update');
    const answer = next(socket, 'unsubscribed');
    socket.emit('unsubscribe');
    expect(await answer).toEqual({ status: 'unsubscribed' });
    const updates = record(socket, 'metrics_update');
    await ingest(app, { type: 'tool_call', tool: 'Grep' });
    await sleep(1_500);
    expect(updates).toEqual([]);
  });
});

describe('bad payloads', () => {
  const cases: Array<[string, unknown]> = [
    ['subscribe', 'twenty-four'],
    ['subscribe', { hours: 'soon' }],
    ['subscribe', { update_interval: [1] }],
    ['subscribe', 42],
    ['set_interval', { interval: 'soon' }],
    ['set_interval', {}],
    ['set_interval', undefined],
    ['set_interval', 'fast'],
    ['request_refresh', { hours: { $gt: 1 } }],
    ['request_refresh', 'now'],
  ];

  it.each(cases)('%s(%j) gets an error event and the connection keeps working', async (event, payload) => {
    const { socket } = await client();
    const error = next(socket, 'error');
    (socket.emit as (e: string, ...args: unknown[]) => void)(event, payload);
    const { error: message, timestamp } = await error;
    expect(message).toContain(event);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(socket.connected).toBe(true);
    const answer = next(socket, 'interval_updated');
    socket.emit('set_interval', { interval: 3 });
    expect(await answer).toEqual({ interval: 3 });
  });

  it('an event with an acknowledgement callback or extra arguments does not break the handler', async () => {
    const { socket } = await client();
    const subscribed = next(socket, 'subscribed');
    (socket.emit as (e: string, ...args: unknown[]) => void)('subscribe', { hours: 2 }, 'extra', 7);
    expect((await subscribed).config.hours).toBe(2);
    const refreshed = next(socket, 'metrics_update');
    (socket.emit as (e: string, ...args: unknown[]) => void)('request_refresh', () => undefined);
    expect((await refreshed).window.hours).toBe(2);
  });

  it('unknown events are ignored and the server keeps serving others', async () => {
    const { socket } = await client();
    (socket.emit as (e: string, ...args: unknown[]) => void)('drop_tables', { all: true });
    const answer = next(socket, 'interval_updated');
    socket.emit('set_interval', { interval: 4 });
    expect(await answer).toEqual({ interval: 4 });
    const res = await fetch(`${app.url}/api/health`);
    expect(res.status).toBe(200);
  });
});
