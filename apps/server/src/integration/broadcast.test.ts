import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, record, sleep, startServer, type TestClient } from '../test-support/server.js';

let app: App;
let clients: TestClient[] = [];
const subscribed = async (hours: number, update_interval: number) => {
  const { socket, clientId } = await connectClient(app);
  clients.push(socket);
  const first = next(socket, 'metrics_update');
  socket.emit('subscribe', { hours, update_interval });
  return { socket, clientId, first: await first };
};

beforeAll(async () => {
  app = await startServer();
});
afterEach(async () => {
  for (const c of clients) c.disconnect();
  clients = [];
  while (app.io.sockets.sockets.size > 0) await sleep(10);
});
afterAll(async () => {
  await app.close();
});

describe('broadcaster', () => {
  it('sends nothing while the data is unchanged, then one update after a change', async () => {
    const { socket, first } = await subscribed(24, 1);
    const updates = record(socket, 'metrics_update');
    await sleep(2_500);
    expect(updates).toHaveLength(0);

    const before = first.overview.tools.by_type.Edit ?? 0;
    await ingest(app, { type: 'tool_call', tool: 'Edit' });
    await sleep(1_500);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.overview.tools.by_type.Edit).toBe(before + 1);
    await sleep(1_500);
    expect(updates).toHaveLength(1);
  });

  it('delivers a change promptly when the interval has already elapsed', async () => {
    const { socket } = await subscribed(24, 2);
    await sleep(2_100);
    const update = next(socket, 'metrics_update');
    const sent = Date.now();
    await ingest(app, { type: 'activity', description: 'prompt delivery' });
    const snapshot = await update;
    expect(Date.now() - sent).toBeLessThan(1_000);
    expect(snapshot.activity[0]?.description).toBe('prompt delivery');
  });

  it('holds changes back until the client interval has passed, then sends the latest only', async () => {
    const { socket } = await subscribed(24, 3);
    // The snapshot answering subscribe does not start the interval: the first change goes out at once.
    const first = next(socket, 'metrics_update');
    await ingest(app, { type: 'activity', description: 'burst 0' });
    expect((await first).activity[0]?.description).toBe('burst 0');
    const deliveredAt = Date.now();
    const updates = record(socket, 'metrics_update');
    // Three more changes inside the interval that started with that delivery.
    for (const n of [1, 2, 3]) {
      await ingest(app, { type: 'activity', description: `burst ${n}` });
      await sleep(200);
    }
    await sleep(2_500 - (Date.now() - deliveredAt));
    expect(updates).toHaveLength(0);
    await sleep(3_400 - (Date.now() - deliveredAt));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.activity[0]?.description).toBe('burst 3');
  });

  it('serves several clients with different windows and intervals, computing each window once', async () => {
    const a = await subscribed(1, 1);
    const b = await subscribed(1, 1);
    const c = await subscribed(6, 1);
    const d = await subscribed(168, 5);
    expect(a.first.window.hours).toBe(1);
    expect(c.first.window.hours).toBe(6);
    expect(d.first.window.hours).toBe(168);

    const minute = Math.floor(Date.now() / 60_000);
    const before = { ...app.broadcaster.stats };
    const got = [a, b, c].map(({ socket }) => next(socket, 'metrics_update'));
    const slow = record(d.socket, 'metrics_update');
    await ingest(app, { type: 'api_request', model: 'claude-3-5-haiku-20241022', input_tokens: 1_000_000, output_tokens: 0 });
    const [ua, ub, uc] = await Promise.all(got);
    expect(ua?.overview.costs.haiku_cost).toBeCloseTo((a.first.overview.costs.haiku_cost ?? 0) + 0.8, 6);
    expect(ub?.overview.claude_api.total_requests).toBe(ua?.overview.claude_api.total_requests);
    expect(uc?.window.hours).toBe(6);

    // Three windows changed, each computed once for all its subscribers (1h has two).
    const computed = app.broadcaster.stats.computations - before.computations;
    if (Math.floor(Date.now() / 60_000) === minute) expect(computed).toBe(3);
    else expect(computed % 3).toBe(0); // a minute boundary passed: each window once more
    expect(app.broadcaster.windowCount).toBe(3);
    expect(slow.length).toBeLessThanOrEqual(1); // the first change after subscribing goes out at once

    // A second change: the 1 s clients get it within a second, the 5 s client only 5 s after its last update.
    await sleep(100);
    const slowBefore = slow.length;
    const again = [a, b, c].map(({ socket }) => next(socket, 'metrics_update', 2_000));
    await ingest(app, { type: 'tool_call', tool: 'Glob' });
    await Promise.all(again);
    expect(slow).toHaveLength(slowBefore);
    await sleep(5_300);
    expect(slow).toHaveLength(slowBefore + 1);
    expect(slow.at(-1)?.overview.tools.by_type.Glob).toBeGreaterThanOrEqual(1);
  });

  it('forgets a client the moment it disconnects', async () => {
    expect(app.broadcaster.subscriberCount).toBe(0);
    const x = await subscribed(12, 1);
    const y = await subscribed(13, 1);
    expect(app.broadcaster.subscriberCount).toBe(2);
    x.socket.disconnect();
    y.socket.disconnect();
    await sleep(200);
    expect(app.broadcaster.subscriberCount).toBe(0);
    expect(app.broadcaster.windowCount).toBe(0);
    expect(app.io.sockets.sockets.size).toBe(0);
  });

  it('moves a client to its new window when it subscribes again', async () => {
    const { socket } = await subscribed(1, 1);
    const again = next(socket, 'metrics_update');
    socket.emit('subscribe', { hours: 48, update_interval: 1 });
    expect((await again).window.hours).toBe(48);
    expect(app.broadcaster.subscriberCount).toBe(1);
    expect(app.broadcaster.windowCount).toBe(1);
  });
});
