import { metricsSnapshot, overview } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ingest, post, startServer } from '../test-support/server.js';

let app: App;
beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  await app.close();
});

const getJson = async (path: string) => {
  const res = await fetch(`${app.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('REST', () => {
  it('GET /api/health is ok once ready', async () => {
    const { status, body } = await getJson('/api/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  });

  it('GET /api/metrics/overview gives the overview object, /snapshot the whole snapshot', async () => {
    await ingest(app, { type: 'tool_call', tool: 'Bash' });
    const o = await getJson('/api/metrics/overview?hours=2');
    expect(o.status).toBe(200);
    expect(overview.parse(o.body)).toEqual(o.body);
    const s = await getJson('/api/metrics/snapshot?hours=2');
    expect(metricsSnapshot.parse(s.body).window.hours).toBe(2);
    expect(s.body.overview).toEqual(o.body);
  });

  it('clamps hours and refuses non-numbers with 400', async () => {
    expect(((await getJson('/api/metrics/snapshot?hours=9999')).body.window as { hours: number }).hours).toBe(168);
    expect(((await getJson('/api/metrics/snapshot')).body.window as { hours: number }).hours).toBe(24);
    const bad = await getJson('/api/metrics/overview?hours=lots');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/hours/);
    expect((await getJson('/api/metrics/overview?hours=1&hours=2')).status).toBe(200);
  });

  it('unknown API paths are JSON 404s, not the SPA', async () => {
    const res = await fetch(`${app.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
  });
});

describe('the dashboard', () => {
  it.each(['/', '/websocket-test', '/some/client/route'])('GET %s serves index.html', async (path) => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('AMIGA test dashboard');
  });

  it('serves hashed assets with long-lived caching, and 404 for a missing one', async () => {
    const res = await fetch(`${app.url}/assets/app-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);
  });
});

describe('POST /api/events', () => {
  it('accepts one event or an array with 202 {accepted}', async () => {
    const one = await post(app, { type: 'activity', description: 'single' });
    expect(one.status).toBe(202);
    expect(await one.json()).toEqual({ accepted: 1 });
    const many = await post(app, [
      { type: 'task', id: 'http-1', status: 'running', description: 'refactor' },
      { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 10, output_tokens: 20 },
    ]);
    expect(many.status).toBe(202);
    expect(await many.json()).toEqual({ accepted: 2 });
  });

  it('refuses a batch with one bad event whole, naming the event and the field', async () => {
    const before = await getJson('/api/metrics/overview');
    const res = await post(app, [
      { type: 'tool_call', tool: 'Read' },
      { type: 'tool_call', tool: 'Read' },
      { type: 'task', id: 'x', status: 'exploded' },
    ]);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: string };
    expect(error).toMatch(/event 2/);
    expect(error).toMatch(/status/);
    const after = await getJson('/api/metrics/overview');
    expect(after.body).toEqual(before.body);
  });

  it.each([
    ['malformed JSON', '{"type": "task",', 400],
    ['an empty body', '', 400],
    ['an empty batch', '[]', 400],
    ['a string', '"hello"', 400],
    ['null', 'null', 400],
    ['an unknown type', '{"type":"nuke"}', 400],
    ['a millisecond timestamp', JSON.stringify({ type: 'activity', description: 'x', timestamp: Date.now() }), 400],
    ['an oversized body', JSON.stringify([{ type: 'activity', description: 'x'.repeat(1000) }]).repeat(6000), 413],
  ])('answers %s with %i and stores nothing', async (_name, body, status) => {
    const before = await getJson('/api/metrics/snapshot');
    const res = await post(app, body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBeTypeOf('string');
    const after = await getJson('/api/metrics/snapshot');
    // The 5-hour blocks' burn rate and projection move with the clock, not with stored data.
    const stored = (body: object) => ({ ...body, timestamp: 0, blocks: undefined });
    expect(stored(after.body)).toEqual(stored(before.body));
  });

  it('takes JSON whatever the content type, and keeps given timestamps', async () => {
    const ts = Math.floor(Date.now() / 1000) - 120;
    const res = await post(app, { type: 'activity', description: 'from curl', timestamp: ts }, { headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(202);
    const s = await getJson('/api/metrics/snapshot?hours=1');
    const item = (s.body.activity as Array<{ description: string; timestamp: number }>).find((a) => a.description === 'from curl');
    expect(item?.timestamp).toBe(ts);
  });
});

describe('GET /api/stream/metrics (SSE)', () => {
  it('streams the snapshot at once, then each change, with ids and the SSE headers', async () => {
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/stream/metrics?hours=1&interval=1`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toMatch(/no-cache/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextEvent = async (): Promise<{ id: number; data: ReturnType<typeof metricsSnapshot.parse> }> => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id && data) return { id: Number(id), data: metricsSnapshot.parse(JSON.parse(data)) };
          continue; // retry hint or heartbeat
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    };
    const first = await nextEvent();
    expect(first.data.window.hours).toBe(1);
    await ingest(app, { type: 'tool_call', tool: 'WebFetch' });
    const second = await nextEvent();
    expect(second.id).toBeGreaterThan(first.id);
    expect(second.data.overview.tools.by_type.WebFetch).toBe((first.data.overview.tools.by_type.WebFetch ?? 0) + 1);
    expect(buffer.startsWith('retry:') || !buffer.includes('data:')).toBe(true);
    const health = (await getJson('/api/health')).body;
    expect(health.sse_streams).toBe(1);
    controller.abort();
    await new Promise((r) => setTimeout(r, 200));
    expect((await getJson('/api/health')).body.sse_streams).toBe(0);
    expect(app.broadcaster.subscriberCount).toBe(0);
  });

  it('refuses a non-numeric interval with 400 and ignores an untrusted Last-Event-ID', async () => {
    expect((await fetch(`${app.url}/api/stream/metrics?interval=soon`)).status).toBe(400);
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/stream/metrics?hours=1`, {
      signal: controller.signal,
      headers: { 'last-event-id': '"; DROP TABLE events; --' },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('data: ')) text += (await reader.read()).value ?? '';
    expect(text).toContain('retry: ');
    controller.abort();
  });
});
