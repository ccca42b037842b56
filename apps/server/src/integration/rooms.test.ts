import { serverEventSchemas, type ServerToClientEvents } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ingest, next, record, sleep, startServer, type TestClient } from '../test-support/server.js';

let app: App;
const sockets: Socket[] = [];
const open = async (path = ''): Promise<TestClient> => {
  const s: TestClient = connect(`${app.url}${path}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await next(s, 'connected');
  return s;
};
const join = async (s: TestClient, room: 'tasks' | 'activity') => {
  const answer = next(s, 'room');
  s.emit(`subscribe_${room}`);
  expect(await answer).toEqual({ room, joined: true });
};

beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app.close();
});

describe('the /metrics namespace', () => {
  it('offers the same events as the default namespace', async () => {
    const s = await open('/metrics');
    const subscribed = next(s, 'subscribed');
    const update = next(s, 'metrics_update');
    s.emit('subscribe', { hours: 2, update_interval: 1 });
    expect((await subscribed).config).toEqual({ hours: 2, update_interval: 1 });
    expect((await update).window.hours).toBe(2);
    const change = next(s, 'metrics_update');
    await ingest(app, { type: 'tool_call', tool: 'NamespaceTool' });
    expect((await change).overview.tools.by_type.NamespaceTool).toBe(1);
    const error = next(s, 'error');
    (s.emit as (e: string, ...a: unknown[]) => void)('set_interval', { interval: 'soon' });
    expect((await error).error).toMatch(/set_interval/);
  });
});

describe('the tasks and activity rooms', () => {
  it('task_update reaches the tasks room within 100 ms of the ingest acknowledgement', async () => {
    const inRoom = await open();
    const onMetrics = await open('/metrics');
    const outside = await open();
    await join(inRoom, 'tasks');
    await join(onMetrics, 'tasks');
    const stray = record(outside, 'task_update');
    const received: Array<{ at: number; payload: Parameters<ServerToClientEvents['task_update']>[0] }> = [];
    inRoom.on('task_update', (payload) => received.push({ at: performance.now(), payload }));
    const other = next(onMetrics, 'task_update');

    const res = await fetch(`${app.url}/api/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'task', id: 'room-1', status: 'running', description: 'write docs', model: 'claude-sonnet-4-5', cost_usd: 0.5 }),
    });
    const acked = performance.now();
    expect(res.status).toBe(202);
    while (received.length === 0 && performance.now() - acked < 2_000) await sleep(5);
    expect(received).toHaveLength(1);
    expect((received[0] as { at: number }).at - acked).toBeLessThan(100);
    expect(serverEventSchemas.task_update.parse(received[0]?.payload)).toMatchObject({
      id: 'room-1',
      status: 'running',
      description: 'write docs',
      model: 'claude-sonnet-4-5',
      cost_usd: 0.5,
    });
    expect((await other).id).toBe('room-1');
    await sleep(200);
    expect(stray).toEqual([]);
  });

  it('each task change is an event, not rate-limited like snapshots', async () => {
    const s = await open();
    await join(s, 'tasks');
    const updates = record(s, 'task_update');
    await ingest(app, [
      { type: 'task', id: 'burst', status: 'pending' },
      { type: 'task', id: 'burst', status: 'running' },
      { type: 'task', id: 'burst', status: 'completed' },
    ]);
    await sleep(300);
    expect(updates.map((u) => u.status)).toEqual(['pending', 'running', 'completed']);
  });

  it('activity_event carries each new activity line; leaving the room stops them', async () => {
    const s = await open();
    await join(s, 'activity');
    const line = next(s, 'activity_event');
    await ingest(app, { type: 'activity', description: 'deployed to staging' });
    expect(await line).toMatchObject({ description: 'deployed to staging', type: 'activity' });
    const left = next(s, 'room');
    s.emit('unsubscribe_activity');
    expect(await left).toEqual({ room: 'activity', joined: false });
    const after = record(s, 'activity_event');
    await ingest(app, { type: 'activity', description: 'not for you' });
    await sleep(300);
    expect(after).toEqual([]);
  });
});

describe('with a token', () => {
  it('the /metrics namespace refuses a handshake without it', async () => {
    const guarded = await startServer({ token: 'namespace-token-0123456789' });
    try {
      const s = connect(`${guarded.url}/metrics`, { transports: ['websocket'], reconnection: false, forceNew: true });
      const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
      expect(err.message).toMatch(/unauthorized/);
      s.close();
    } finally {
      await guarded.close();
    }
  });
});
