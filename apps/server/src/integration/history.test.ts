import { historyChunk, historyResponse, type HistoryChunk } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, sleep, startServer } from '../test-support/server.js';

let app: App;
const now = Math.floor(Date.now() / 1000);
const H = 3600;

beforeAll(async () => {
  app = await startServer();
  // One haiku request (1M input tokens = $0.80) at the start of each of the last 300 hours, one tool call each.
  const events = [];
  for (let h = 1; h <= 300; h++) {
    const t = Math.floor((now - h * H) / H) * H + 30;
    events.push({ type: 'api_request' as const, model: 'claude-3-5-haiku-20241022', input_tokens: 1_000_000, output_tokens: 0, timestamp: t });
    events.push({ type: 'tool_call' as const, tool: 'Read', timestamp: t + 1 });
  }
  await ingest(app, events);
});
afterAll(async () => {
  await app.close();
});

describe('GET /api/metrics/history', () => {
  it('gives the series in whole buckets, beyond the live window', async () => {
    const from = now - 250 * H;
    const res = await fetch(`${app.url}/api/metrics/history?from=${from}&to=${now}&bucket=3600`);
    expect(res.status).toBe(200);
    const body = historyResponse.parse(await res.json());
    expect(body.bucket).toBe(3600);
    expect(body.from % 3600).toBe(0);
    expect(body.points.length).toBeGreaterThanOrEqual(249);
    expect(body.points.every((p) => p.requests === 1 && p.tool_calls === 1 && p.cost.haiku === 0.8)).toBe(true);
    const day = historyResponse.parse(await (await fetch(`${app.url}/api/metrics/history?from=${now - 10 * 86400}&to=${now}&bucket=86400`)).json());
    expect(day.points.reduce((n, p) => n + p.requests, 0)).toBeGreaterThanOrEqual(239);
  });

  it.each([
    ['from=abc&to=1&bucket=60', /from/],
    [`from=${now}&to=${now - 10}&bucket=60`, /after/],
    [`from=${now - 86400}&to=${now}&bucket=7`, /bucket/],
    [`from=${now - 30 * 86400}&to=${now}&bucket=60`, /at most 2000/],
  ])('refuses %s with 400', async (query, message) => {
    const res = await fetch(`${app.url}/api/metrics/history?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(message);
  });
});

describe('request_history', () => {
  it('streams chunks in order, complete, one at a time: the next only after the slow reader acknowledges', async () => {
    const { socket } = await connectClient(app);
    const chunks: HistoryChunk[] = [];
    const events: Array<{ kind: 'got' | 'ack'; seq: number; at: number }> = [];
    const done = new Promise<void>((resolve) => {
      socket.on('history_chunk', (chunk, ack) => {
        historyChunk.parse(chunk);
        chunks.push(chunk);
        events.push({ kind: 'got', seq: chunk.seq, at: performance.now() });
        // A slow reader: acknowledge 50 ms later.
        setTimeout(() => {
          events.push({ kind: 'ack', seq: chunk.seq, at: performance.now() });
          ack();
          if (chunk.done) resolve();
        }, 50);
      });
    });
    socket.emit('request_history', { from: now - 290 * H, to: now, bucket: 3600, request_id: 'mine' });
    await done;
    expect(chunks.map((c) => c.seq)).toEqual([0, 1]);
    expect(chunks.every((c) => c.request_id === 'mine')).toBe(true);
    expect(chunks.at(-1)?.done).toBe(true);
    const points = chunks.flatMap((c) => c.points);
    expect(points.length).toBeGreaterThanOrEqual(289);
    expect(points.map((p) => p.t)).toEqual([...points.map((p) => p.t)].sort((a, b) => a - b));
    // Flow control: chunk n+1 was sent only after chunk n was acknowledged.
    const ackOf0 = events.find((e) => e.kind === 'ack' && e.seq === 0)!.at;
    const got1 = events.find((e) => e.kind === 'got' && e.seq === 1)!.at;
    expect(got1).toBeGreaterThan(ackOf0);
    socket.disconnect();
  });

  it('an empty range is one empty, final chunk; bad requests get an error event', async () => {
    const { socket } = await connectClient(app);
    const chunk = new Promise<HistoryChunk>((resolve) => socket.once('history_chunk', (c, ack) => (ack(), resolve(c))));
    socket.emit('request_history', { from: now + 86400, to: now + 2 * 86400, bucket: 86400 });
    expect(await chunk).toMatchObject({ seq: 0, points: [], done: true });
    const error = next(socket, 'error');
    socket.emit('request_history', { from: now, to: now - 1, bucket: 60 });
    expect((await error).error).toMatch(/request_history/);
    await sleep(10);
    socket.disconnect();
  });
});
