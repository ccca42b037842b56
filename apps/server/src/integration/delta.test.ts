import { applyDelta, metricsSnapshot, type MetricsSnapshot } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, record, sleep, startServer } from '../test-support/server.js';

let app: App;
beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  await app.close();
});

describe('deltas (opt-in)', () => {
  it('a delta client rebuilds exactly what a full-snapshot client receives, change after change', async () => {
    const { socket: full } = await connectClient(app);
    const { socket: delta } = await connectClient(app);
    const fulls = record(full, 'metrics_update');
    const deltaSnapshots: MetricsSnapshot[] = [];
    const deltas = record(delta, 'metrics_delta');
    let held: MetricsSnapshot | undefined;
    delta.on('metrics_update', (s) => {
      held = s;
      deltaSnapshots.push(s);
    });
    delta.on('metrics_delta', (d) => {
      expect(d.base_seq).toBe(held?.seq);
      held = { ...applyDelta(held as MetricsSnapshot, d), seq: d.seq };
    });
    const subscribed = next(delta, 'subscribed');
    full.emit('subscribe', { hours: 1, update_interval: 1 });
    delta.emit('subscribe', { hours: 1, update_interval: 1, delta: true });
    expect((await subscribed).config).toEqual({ hours: 1, update_interval: 1, delta: true });
    await sleep(300);
    expect(deltaSnapshots[0]?.seq).toBeTypeOf('number');
    expect(fulls[0]?.seq).toBeUndefined();

    const tools = ['Read', 'Edit', 'Bash', 'Grep'];
    for (let i = 0; i < 6; i++) {
      await ingest(app, [
        { type: 'tool_call', tool: tools[i % tools.length] as string, session_id: `s${i % 3}` },
        { type: 'api_request', model: i % 2 ? 'claude-haiku-4-5' : 'claude-sonnet-4-5', input_tokens: 100 * i, output_tokens: 10, session_id: `s${i % 3}` },
        { type: 'task', id: `d${i % 2}`, status: i % 3 ? 'running' : 'completed' },
      ]);
      await sleep(1_100);
      const latestFull = fulls.at(-1) as MetricsSnapshot;
      expect(metricsSnapshot.parse(held)).toEqual({ ...latestFull, seq: held?.seq });
    }
    expect(deltas.length).toBeGreaterThanOrEqual(5);
    // A delta is smaller than the snapshot it updates.
    const deltaBytes = JSON.stringify(deltas.at(-1)).length;
    const fullBytes = JSON.stringify(fulls.at(-1)).length;
    expect(deltaBytes).toBeLessThan(fullBytes);
    full.disconnect();
    delta.disconnect();
  }, 30_000);

  it('request_refresh gives a delta client a full snapshot with the seq its next delta builds on', async () => {
    const { socket } = await connectClient(app);
    socket.emit('subscribe', { hours: 6, update_interval: 1, delta: true });
    const first = await next(socket, 'metrics_update');
    const refreshed = next(socket, 'metrics_update');
    socket.emit('request_refresh');
    expect((await refreshed).seq).toBeGreaterThanOrEqual(first.seq as number);
    const d = next(socket, 'metrics_delta');
    await ingest(app, { type: 'activity', description: 'after refresh' });
    const delta = await d;
    expect(Object.keys(delta.set)).toContain('/activity');
    socket.disconnect();
  });

  it('a refresh of another window does not move the base a delta client builds on', async () => {
    const { socket } = await connectClient(app);
    socket.emit('subscribe', { hours: 12, update_interval: 1, delta: true });
    const held = await next(socket, 'metrics_update');
    const other = next(socket, 'metrics_update');
    socket.emit('request_refresh', { hours: 2 });
    const look = await other;
    expect(look.window.hours).toBe(2);
    expect(look.seq).toBeUndefined();
    await sleep(1_100);
    const d = next(socket, 'metrics_delta');
    await ingest(app, { type: 'activity', description: 'after a look elsewhere' });
    expect((await d).base_seq).toBe(held.seq);
    socket.disconnect();
  });
});
