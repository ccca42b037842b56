import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_PATHS, metricsSnapshot, serverEventSchemas, type TopicUpdate } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { next, startServer, waitFor, type TestClient } from '../test-support/server.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../test-support/fixtures/statusline');
type Window = { used_percentage: number; resets_at: number };
type Line = Record<string, unknown> & { rate_limits: { five_hour: Window; seven_day: Window } };
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8')) as Line;
const INGEST_TOKEN = 'statusline-ingest-token-0123456789';
const READ_TOKEN = 'statusline-read-token-0123456789ab';

let app: App;
beforeAll(async () => {
  app = await startServer({ token: READ_TOKEN, ingestToken: INGEST_TOKEN });
});
afterAll(async () => {
  await app.close();
});

const postLine = (body: unknown, query = '?machine=laptop-1', token = INGEST_TOKEN) =>
  fetch(`${app.url}${API_PATHS.statuslineClaudeCode}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const snapshot = async () => {
  const res = await fetch(`${app.url}/api/metrics/snapshot?hours=1`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
  return metricsSnapshot.parse(await res.json());
};
const now = () => Math.floor(Date.now() / 1000);

describe('POST /api/statusline/claude-code', () => {
  it('records the 5-hour and weekly windows of a subscriber\'s status line, shown in the snapshot per machine', async () => {
    const line = fixture('subscriber.json');
    const t = now();
    line.rate_limits.five_hour.resets_at = t + 2 * 3600;
    line.rate_limits.seven_day.resets_at = t + 3 * 86_400;
    const res = await postLine(line);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ session: true, limits: 2 });
    const limits = (await snapshot()).limits?.filter((l) => l.machine === 'laptop-1');
    expect(limits).toEqual([
      expect.objectContaining({ agent: 'claude-code', window: '5h', used_percent: 63.5, resets_at: t + 7200, source: 'statusline', machine: 'laptop-1', reset: false, window_minutes: 300 }),
      // Past the limit: 105% is what Claude Code reports, and is kept as such.
      expect.objectContaining({ agent: 'claude-code', window: '7d', used_percent: 105, resets_at: t + 259_200, reset: false, window_minutes: 10_080 }),
    ]);
    const at = limits?.[0]?.updated_at ?? 0;
    expect(Math.abs(at - Date.now() / 1000)).toBeLessThan(30);
  });

  it('records the session of a status line without rate limits (first render, API-key users) and no limit', async () => {
    const res = await postLine(fixture('first-render.json'), '?machine=desk');
    expect(await res.json()).toEqual({ session: true, limits: 0 });
    const { sessions } = await app.store.readLimits!();
    expect(sessions.find((s) => s.machine === 'desk')).toMatchObject({
      sessionId: '0f9e1d2c-3b4a-4958-8776-655443322110',
      model: 'claude-sonnet-4-6',
      costUsd: 0,
      contextUsedPercent: null,
      project: '/home/dev/notes',
    });
    expect((await snapshot()).limits?.some((l) => l.machine === 'desk')).toBe(false);
  });

  it('keeps the session\'s cost, lines, model and context use', async () => {
    const { sessions } = await app.store.readLimits!();
    expect(sessions.find((s) => s.machine === 'laptop-1')).toMatchObject({
      sessionId: '8a3c6f1e-52b4-4c1d-9a7e-3f0d2b6c9e41',
      agent: 'claude-code',
      model: 'claude-opus-4-6',
      modelName: 'Opus 4.6',
      costUsd: 3.4187215,
      linesAdded: 412,
      linesRemoved: 87,
      contextUsedPercent: 42,
      contextWindowSize: 200_000,
      project: '/home/dev/shop',
      version: '2.1.97',
    });
  });

  it('shows a window whose reset time has passed as reset, not at its stale percentage', async () => {
    const line = fixture('subscriber.json'); // resets_at of 2025: long passed
    await postLine(line, '?machine=old-box');
    const five = (await snapshot()).limits?.find((l) => l.machine === 'old-box' && l.window === '5h');
    expect(five).toMatchObject({ used_percent: 0, reset: true, resets_at: 1764700200 });
  });

  it('refuses a malformed body, one that is not an object, and wrong types with 400, storing nothing', async () => {
    const before = (await app.store.readLimits!()).sessions.length;
    const version = app.store.version;
    const cases: Array<[unknown, RegExp]> = [
      ['{"session_id": "x", ', /malformed JSON/],
      ['[1, 2]', /expected the status-line JSON object/],
      ['"hello"', /expected the status-line JSON object/],
      [{ session_id: 's', rate_limits: { five_hour: { used_percentage: 'lots' } } }, /rate_limits\.five_hour\.used_percentage/],
    ];
    for (const [body, message] of cases) {
      const res = await postLine(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await postLine(fixture('first-render.json'), '?machine=no%20spaces')).toHaveProperty('status', 400);
    expect((await app.store.readLimits!()).sessions.length).toBe(before);
    expect(app.store.version).toBe(version);
  });

  it('needs the ingest token', async () => {
    expect((await postLine(fixture('first-render.json'), '', 'wrong-token-wrong-token-wrong')).status).toBe(401);
    expect((await postLine(fixture('first-render.json'), '', READ_TOKEN)).status).toBe(401);
  });

  it('pushes the limits topic when a status line arrives', async () => {
    const s: TestClient = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: READ_TOKEN } });
    try {
      await next(s, 'connected');
      const seen: TopicUpdate[] = [];
      s.on('topic_update', (u) => seen.push(serverEventSchemas.topic_update.parse(u)));
      s.emit('subscribe_topics', { topics: ['limits'], update_interval: 1 });
      await waitFor(() => seen.length >= 1);
      const line = fixture('subscriber.json');
      line.rate_limits.five_hour.used_percentage = 77;
      line.rate_limits.five_hour.resets_at = now() + 600;
      await postLine(line, '?machine=pushed');
      await waitFor(() =>
        seen.some((u) => u.topic === 'limits' && u.data.limits.some((l) => l.machine === 'pushed' && l.window === '5h' && l.used_percent === 77)),
      );
    } finally {
      s.disconnect();
    }
  });

  it('computes blocks from the requests, per agent', async () => {
    const t = now();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` };
    const res = await fetch(`${app.url}/api/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify([
        { type: 'api_request', model: 'claude-opus-4-6', input_tokens: 1000, output_tokens: 200, agent: 'claude-code', timestamp: t - 120 },
        { type: 'api_request', model: 'gpt-5-codex', input_tokens: 50, output_tokens: 5, agent: 'codex', timestamp: t - 60 },
      ]),
    });
    expect(res.status).toBe(202);
    await waitFor(async () => (await snapshot()).blocks?.codex?.current?.requests === 1);
    const blocks = (await snapshot()).blocks ?? {};
    expect(blocks['claude-code']?.current).toMatchObject({ requests: 1, input_tokens: 1000, output_tokens: 200, limit_tokens: 1200, limit_source: 'none', token_limit: null });
    expect(blocks['claude-code']?.current?.start).toBe(Math.floor((t - 120) / 3600) * 3600);
  });
});

