import { metricsSnapshot, type IngestEvent, type MetricsSnapshot } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, post, record, sleep, startServer, waitFor, type TestClient } from '../test-support/server.js';

/**
 * Agents and machines end to end (issues 13 §1, 19 §2): the real server on a free port,
 * ingest over HTTP, a real socket.io-client subscribing with an agent filter, SSE and REST
 * with ?agent= and &machine=, malformed filters refused.
 */

const NOW = Date.now() / 1000;
const FLEET: IngestEvent[] = [
  { type: 'api_request', agent: 'claude-code', model: 'claude-sonnet-4-5-20250929', input_tokens: 1_000, output_tokens: 100, session_id: 'c1', timestamp: NOW - 60 },
  { type: 'tool_call', agent: 'claude-code', tool: 'Bash', success: false, session_id: 'c1', timestamp: NOW - 59 },
  { type: 'api_request', agent: 'codex', machine: 'build-01', model: 'gpt-5-codex', input_tokens: 2_000, output_tokens: 300, reasoning_tokens: 120, cost_usd: 0.5, session_id: 'x1', timestamp: NOW - 50 },
  { type: 'tool_call', agent: 'codex', machine: 'build-01', tool: 'shell', session_id: 'x1', timestamp: NOW - 49 },
  { type: 'api_request', agent: 'gemini-cli', model: 'gemini-2.5-pro', input_tokens: 400, output_tokens: 40, cost_usd: 0.25, session_id: 'g1', timestamp: NOW - 40 },
];

let app: App;
beforeAll(async () => {
  app = await startServer({ machine: 'test-laptop' });
  await ingest(app, FLEET);
});
afterAll(async () => {
  await app.close();
});

const getJson = async (path: string) => {
  const res = await fetch(`${app.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

async function subscribed(payload: Record<string, unknown>): Promise<{ socket: TestClient; snapshot: MetricsSnapshot }> {
  const { socket } = await connectClient(app);
  const first = next(socket, 'metrics_update');
  socket.emit('subscribe', payload as never);
  return { socket, snapshot: metricsSnapshot.parse(await first) };
}

describe('REST with ?agent= and &machine=', () => {
  it('the unfiltered overview counts every agent in the v1 fields, each agent and machine on its own', async () => {
    const { status, body } = await getJson('/api/metrics/overview?hours=1');
    expect(status).toBe(200);
    const o = body as unknown as MetricsSnapshot['overview'];
    expect(o.claude_api.total_requests).toBe(3);
    expect(o.claude_api.total_output_tokens).toBe(440);
    expect(o.costs.by_provider).toEqual({ anthropic: o.costs.sonnet_cost, openai: 0.5, google: 0.25, other: 0 });
    // The Claude families stay Claude's: the Codex and Gemini costs are other_cost.
    expect(o.costs.other_cost).toBe(0.75);
    expect(Object.keys(o.agents ?? {})).toEqual(['claude-code', 'codex', 'gemini-cli']);
    expect(o.agents?.codex).toEqual({
      requests: 1, input_tokens: 2_000, output_tokens: 300, cache_creation_tokens: 0, cache_read_tokens: 0, reasoning_tokens: 120,
      cost_usd: 0.5, unpriced_requests: 0, tool_calls: 1, failed_tool_calls: 0, sessions: 1,
    });
    expect(o.agents?.['claude-code']).toMatchObject({ requests: 1, tool_calls: 1, failed_tool_calls: 1, sessions: 1 });
    // Events without a machine are the server's (MONITORING_MACHINE).
    expect(Object.keys(o.machines ?? {})).toEqual(['build-01', 'test-laptop']);
    expect(o.machines?.['test-laptop']).toMatchObject({ requests: 2, tool_calls: 1, sessions: 2 });
    expect(o.machines?.['build-01']?.last_seen).toBeCloseTo(NOW - 49, 3);
  });

  it('a filtered snapshot holds one agent, or one machine; the sessions list names agent and machine', async () => {
    const codex = metricsSnapshot.parse((await getJson('/api/metrics/snapshot?hours=1&agent=codex')).body);
    expect(codex.window).toMatchObject({ hours: 1, agent: 'codex' });
    expect(codex.overview.claude_api.total_requests).toBe(1);
    expect(Object.keys(codex.overview.costs.by_model)).toEqual(['gpt-5-codex']);
    expect(codex.sessions.list).toEqual([expect.objectContaining({ session_id: 'x1', agent: 'codex', machine: 'build-01' })]);
    expect(codex.activity.every((a) => /gpt-5-codex|shell/.test(a.description))).toBe(true);

    const laptop = metricsSnapshot.parse((await getJson('/api/metrics/snapshot?hours=1&machine=test-laptop')).body);
    expect(Object.keys(laptop.overview.agents ?? {})).toEqual(['claude-code', 'gemini-cli']);
    expect(laptop.overview.tools.by_type).toEqual({ Bash: 1 });

    const both = (await getJson('/api/metrics/overview?hours=1&agent=codex&machine=test-laptop')).body as unknown as MetricsSnapshot['overview'];
    expect(both.claude_api.total_requests).toBe(0);
  });

  it('an agent never seen is an empty snapshot; a malformed filter is a 400 naming it', async () => {
    const empty = metricsSnapshot.parse((await getJson('/api/metrics/snapshot?hours=1&agent=aider')).body);
    expect(empty.overview.claude_api.total_requests).toBe(0);
    expect(empty.overview.agents).toEqual({});
    expect(empty.sessions.list).toEqual([]);
    expect(empty.activity).toEqual([]);
    for (const query of ['agent=Codex', 'agent=a%20b', `agent=${'x'.repeat(65)}`, 'machine=has%20space', `machine=${'m'.repeat(129)}`, 'machine=*']) {
      const res = await fetch(`${app.url}/api/metrics/snapshot?${query}`);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(await res.json())).toMatch(/agent|machine/);
    }
    expect((await fetch(`${app.url}/api/stream/metrics?agent=NOPE`)).status).toBe(400);
    expect((await fetch(`${app.url}/api/metrics/history?from=${Math.floor(NOW - 3600)}&to=${Math.floor(NOW)}&bucket=300&agent=NOPE`)).status).toBe(400);
  });

  it('history by agent', async () => {
    const range = `from=${Math.floor(NOW - 3600)}&to=${Math.ceil(NOW + 60)}&bucket=300`;
    const sum = async (q: string) => ((await getJson(`/api/metrics/history?${range}${q}`)).body.points as Array<{ requests: number }>).reduce((n, p) => n + p.requests, 0);
    expect([await sum(''), await sum('&agent=codex'), await sum('&machine=test-laptop'), await sum('&agent=nobody')]).toEqual([3, 1, 2, 0]);
  });

  it('an ingest event with a malformed machine is refused whole, nothing stored', async () => {
    const res = await post(app, [{ type: 'activity', description: 'ok' }, { type: 'activity', description: 'bad', machine: 'a b' }]);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/machine/);
  });
});

describe('Socket.IO subscribe with a filter', () => {
  it('a client filtered to one agent gets only its figures, and an update when that agent changes', async () => {
    const { socket, snapshot } = await subscribed({ hours: 1, agent: 'codex', update_interval: 1 });
    try {
      expect(snapshot.window.agent).toBe('codex');
      expect(snapshot.overview.claude_api.total_requests).toBe(1);
      expect(Object.keys(snapshot.overview.agents ?? {})).toEqual(['codex']);
      const updates = record(socket, 'metrics_update');
      await ingest(app, { type: 'tool_call', agent: 'codex', machine: 'build-01', tool: 'apply_patch', session_id: 'x1' });
      await waitFor(() => updates.some((u) => u.overview.tools.by_type.apply_patch === 1), 5_000, 'the codex update');
      const last = metricsSnapshot.parse(updates.at(-1));
      expect(last.overview.agents?.codex?.tool_calls).toBe(2);
      expect(last.overview.agents?.['claude-code']).toBeUndefined();
    } finally {
      socket.close();
    }
  });

  it('subscribed echoes the filter; v1 clients that send none see every agent, as before', async () => {
    const { socket } = await connectClient(app);
    try {
      const ack = next(socket, 'subscribed');
      socket.emit('subscribe', { hours: 1, agent: 'gemini-cli', machine: 'test-laptop' });
      expect((await ack).config).toEqual({ hours: 1, update_interval: 2, agent: 'gemini-cli', machine: 'test-laptop' });
      const v1 = next(socket, 'subscribed');
      const all = next(socket, 'metrics_update');
      socket.emit('subscribe', { hours: 1 });
      expect((await v1).config).toEqual({ hours: 1, update_interval: 2 });
      const s = await all;
      expect(s.window).toEqual({ hours: 1, since: expect.any(Number) });
      expect(s.overview.claude_api.total_requests).toBeGreaterThanOrEqual(3);
    } finally {
      socket.close();
    }
  });

  it('clients of one filtered window share one computation per change', async () => {
    const clients = await Promise.all([0, 1, 2].map(() => subscribed({ hours: 2, agent: 'gemini-cli', update_interval: 1 })));
    try {
      const before = app.broadcaster.stats.computations;
      const seen = clients.map(({ socket }) => record(socket, 'metrics_update'));
      await ingest(app, { type: 'api_request', agent: 'gemini-cli', model: 'gemini-2.5-flash', input_tokens: 10, output_tokens: 1, cost_usd: 0.001 });
      await waitFor(() => seen.every((s) => s.length > 0), 5_000, 'every filtered client updated');
      await sleep(100);
      // One computation for the 2 h gemini window (other windows held by other tests may add theirs, none per client).
      expect(app.broadcaster.stats.computations - before).toBeLessThanOrEqual(app.broadcaster.windowCount);
      expect(seen.every((s) => s.at(-1)?.overview.claude_api.by_model['gemini-2.5-flash']?.requests === 1)).toBe(true);
    } finally {
      for (const { socket } of clients) socket.close();
    }
  });

  it('a malformed filter is an error event, and no subscription', async () => {
    const { socket } = await connectClient(app);
    try {
      const errors = record(socket, 'error');
      const subs = record(socket, 'subscribed');
      socket.emit('subscribe', { hours: 1, agent: 'Not An Agent' } as never);
      socket.emit('subscribe_topics', { topics: ['costs'], machine: 'bad machine' } as never);
      await waitFor(() => errors.length === 2, 3_000, 'two error events');
      expect(errors.map((e) => e.error).join(' ')).toMatch(/agent.*machine/s);
      expect(subs).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('subscribe_topics with an agent filter gets that agent’s sections', async () => {
    const { socket } = await connectClient(app);
    try {
      const costs = next(socket, 'topic_update');
      socket.emit('subscribe_topics', { topics: ['costs'], hours: 1, agent: 'codex' });
      const update = await costs;
      expect(update.topic).toBe('costs');
      expect((update.data as MetricsSnapshot['overview']['costs']).by_model).toEqual({ 'gpt-5-codex': 0.5 });
    } finally {
      socket.close();
    }
  });
});

describe('SSE with ?agent=', () => {
  it('streams the filtered snapshot', async () => {
    const controller = new AbortController();
    const res = await fetch(`${app.url}/api/stream/metrics?hours=1&agent=gemini-cli`, { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/^data: .*$/m.test(text)) text += (await reader.read()).value ?? '';
    controller.abort();
    const s = metricsSnapshot.parse(JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? 'null'));
    expect(s.window.agent).toBe('gemini-cli');
    expect(Object.keys(s.overview.agents ?? {})).toEqual(['gemini-cli']);
    expect(Object.keys(s.overview.costs.by_model).every((m) => m.startsWith('gemini-'))).toBe(true);
  });
});
