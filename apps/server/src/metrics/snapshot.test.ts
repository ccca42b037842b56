import type { IngestEvent } from '@amiga/protocol';
import { metricsSnapshot } from '@amiga/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeEvent } from '../ingest/normalize.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { computeSnapshot } from './snapshot.js';

// 2026-11-25 12:30:30 UTC: mid-hour, mid-minute, so windows have ragged edges.
const NOW = Date.UTC(2026, 10, 25, 12, 30, 30) / 1000;
const H = 3600;

let store: SqliteStore;
beforeEach(() => {
  store = new SqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const put = (events: IngestEvent[]) => store.ingest(events.map((e) => normalizeEvent(e, { now: NOW })));
const snap = (hours: number, now = NOW) => computeSnapshot({ store, sources: [] }, hours, now);

const FIXTURE: IngestEvent[] = [
  // In the last hour.
  { type: 'api_request', model: 'claude-sonnet-4-5-20250929', input_tokens: 1_000, output_tokens: 2_000, cache_creation_input_tokens: 4_000, cache_read_input_tokens: 10_000, session_id: 'A', project: '/p/alpha', timestamp: NOW - 60 },
  { type: 'api_request', model: 'claude-3-5-haiku-20241022', input_tokens: 500_000, output_tokens: 100_000, session_id: 'A', project: '/p/alpha', timestamp: NOW - 600 },
  { type: 'tool_call', tool: 'Read', session_id: 'A', timestamp: NOW - 59 },
  { type: 'tool_call', tool: 'Read', session_id: 'A', timestamp: NOW - 58 },
  { type: 'tool_call', tool: 'Bash', session_id: 'B', success: false, timestamp: NOW - 30 },
  { type: 'task', id: 't1', status: 'running', description: 'write tests', timestamp: NOW - 300 },
  { type: 'task', id: 't1', status: 'completed', timestamp: NOW - 100 },
  { type: 'activity', description: 'deploy started', timestamp: NOW - 10 },
  // 5 hours ago: in the 6 h and 24 h windows only.
  { type: 'api_request', model: 'claude-opus-4-1-20250805', input_tokens: 10_000, output_tokens: 1_000, cost_usd: 1.5, session_id: 'B', project: '/p/beta', timestamp: NOW - 5 * H },
  { type: 'api_request', model: 'mystery-model-7', input_tokens: 123, output_tokens: 45, session_id: 'B', timestamp: NOW - 5 * H + 1 },
  { type: 'task', id: 't2', status: 'failed', error: 'OOM', timestamp: NOW - 5 * H },
  // 30 hours ago: only in the 168 h window.
  { type: 'api_request', model: 'claude-opus-4-5-20251101', input_tokens: 1_000_000, output_tokens: 0, session_id: 'C', timestamp: NOW - 30 * H },
  { type: 'task', id: 't3', status: 'pending', timestamp: NOW - 30 * H },
  // Older than a week: in no window.
  { type: 'api_request', model: 'claude-sonnet-4-20250514', input_tokens: 9, output_tokens: 9, timestamp: NOW - 200 * H },
];

// Sonnet: 1000*3 + 2000*15 + 4000*3*1.25 + 10000*3*0.1 = 3000 + 30000 + 15000 + 3000 = 51000 µ$ = 0.051
const SONNET = 0.051;
// Haiku 3.5: 500000*0.8 + 100000*4 = 800000 µ$ = 0.8
const HAIKU = 0.8;

describe('computeSnapshot over a fixed set of events', () => {
  beforeEach(async () => {
    await put(FIXTURE);
  });

  it('the 1 h window has exact totals', async () => {
    const s = await snap(1);
    expect(metricsSnapshot.parse(s)).toEqual(s);
    expect(s.overview.tasks).toEqual({ total: 1, running: 0, completed: 1, failed: 0, pending: 0, stale: 0 });
    expect(s.overview.costs).toEqual({
      total_cost: 0.851,
      haiku_cost: HAIKU,
      sonnet_cost: SONNET,
      opus_cost: 0,
      other_cost: 0,
      by_model: { 'claude-3-5-haiku-20241022': HAIKU, 'claude-sonnet-4-5-20250929': SONNET },
      unpriced_models: [],
      by_provider: { anthropic: 0.851, openai: 0, google: 0, other: 0 },
    });
    expect(s.overview.claude_api).toMatchObject({
      total_requests: 2,
      total_input_tokens: 501_000,
      total_output_tokens: 102_000,
      total_cache_creation_tokens: 4_000,
      total_cache_read_tokens: 10_000,
    });
    expect(s.overview.tools).toEqual({ total_calls: 3, by_type: { Bash: 1, Read: 2 }, failed_calls: 1 });
    expect(s.sessions.total_sessions).toBe(2);
    expect(s.sessions.total_tools).toBe(3);
    expect(s.sessions.tools_by_type).toEqual({ Bash: 1, Read: 2 });
    const a = s.sessions.list.find((x) => x.session_id === 'A');
    expect(a).toMatchObject({ project: '/p/alpha', model: 'claude-sonnet-4-5-20250929', requests: 2, tool_calls: 2, cost_usd: 0.851 });
    expect(s.activity.map((x) => x.description)).toEqual([
      'deploy started',
      'Tool call: Bash (failed)',
      'Tool call: Read',
      'Tool call: Read',
      'API request to claude-sonnet-4-5-20250929: 1,000 in / 2,000 out',
      'Task t1 completed',
      'Task t1 running: write tests',
      'API request to claude-3-5-haiku-20241022: 500,000 in / 100,000 out',
    ]);
    expect(s.window).toEqual({ hours: 1, since: Math.floor((NOW - H) / 60) * 60 });
  });

  it('the 6 h window adds the opus request at its reported cost and lists the unpriced model', async () => {
    const s = await snap(6);
    expect(s.overview.costs.opus_cost).toBe(1.5);
    expect(s.overview.costs.total_cost).toBeCloseTo(SONNET + HAIKU + 1.5, 9);
    expect(s.overview.costs.unpriced_models).toEqual(['mystery-model-7']);
    expect(s.overview.costs.by_model['mystery-model-7']).toBe(0);
    expect(s.overview.claude_api.total_requests).toBe(4);
    expect(s.overview.claude_api.by_model['mystery-model-7']).toMatchObject({ requests: 1, input_tokens: 123, output_tokens: 45 });
    expect(s.overview.tasks).toEqual({ total: 2, running: 0, completed: 1, failed: 1, pending: 0, stale: 0 });
    expect(s.sessions.total_sessions).toBe(2);
    expect(s.recent_tasks.map((t) => [t.id, t.status])).toEqual([
      ['t1', 'completed'],
      ['t2', 'failed'],
    ]);
  });

  it('the 168 h window reads whole hours from the hourly rollup and the edges from minutes', async () => {
    const s = await snap(168);
    // Opus 4.5: 1M input at $5/M.
    expect(s.overview.costs.opus_cost).toBeCloseTo(1.5 + 5, 9);
    expect(s.overview.claude_api.total_requests).toBe(5);
    expect(s.overview.claude_api.total_input_tokens).toBe(1_000 + 500_000 + 10_000 + 123 + 1_000_000);
    expect(s.overview.tasks.total).toBe(3);
    expect(s.overview.tasks.pending).toBe(1);
    expect(s.sessions.total_sessions).toBe(3);
  });

  it('events age out of a window as time passes', async () => {
    const later = await snap(1, NOW + 3_120);
    // The haiku request (NOW-600) is now 62 minutes old; the sonnet one (NOW-60) 53 minutes.
    expect(later.overview.claude_api.total_requests).toBe(1);
    expect(later.overview.costs.haiku_cost).toBe(0);
    const muchLater = await snap(24, NOW + 25 * H);
    expect(muchLater.overview.claude_api.total_requests).toBe(0);
    expect(muchLater.overview.tasks.total).toBe(0);
    expect(muchLater.activity).toEqual([]);
  });

  it('series buckets cover the window, sparse, with per-family cost', async () => {
    const s = await snap(6);
    expect(s.series.bucket_seconds).toBe(300);
    const total = s.series.points.reduce((n, p) => n + p.requests, 0);
    expect(total).toBe(4);
    const opus = s.series.points.find((p) => p.cost.opus > 0);
    expect(opus?.cost.opus).toBe(1.5);
    expect(opus!.t % 300).toBe(0);
    expect(s.series.points.reduce((n, p) => n + p.tool_calls, 0)).toBe(3);
    const week = await snap(168);
    expect(week.series.bucket_seconds).toBe(7200);
    expect(week.series.points.reduce((n, p) => n + p.requests, 0)).toBe(5);
    expect(week.series.points.reduce((n, p) => n + p.tokens.input, 0)).toBe(week.overview.claude_api.total_input_tokens);
  });

  it('series points split cost by provider, and the buckets add up to costs.by_provider', async () => {
    await put([
      { type: 'api_request', model: 'gpt-5-codex', input_tokens: 1_000_000, output_tokens: 100_000, agent: 'codex', timestamp: NOW - 120 },
      { type: 'api_request', model: 'gemini-2.5-pro', input_tokens: 100_000, output_tokens: 0, agent: 'gemini-cli', timestamp: NOW - 2 * H },
    ]);
    const s = await snap(6);
    const sum = (k: 'anthropic' | 'openai' | 'google' | 'other') => s.series.points.reduce((n, p) => n + (p.cost_by_provider?.[k] ?? 0), 0);
    // gpt-5-codex: 1M input at $1.25 + 100k output at $10 = $2.25; gemini-2.5-pro: 100k input at $1.25 (under the 200k long-context tier).
    expect(sum('openai')).toBeCloseTo(2.25, 6);
    expect(sum('google')).toBeCloseTo(0.125, 6);
    for (const k of ['anthropic', 'openai', 'google', 'other'] as const) expect(sum(k)).toBeCloseTo(s.overview.costs.by_provider![k], 5);
    const codexPoint = s.series.points.find((p) => (p.cost_by_provider?.openai ?? 0) > 0)!;
    expect(codexPoint.cost.other).toBeCloseTo(2.25, 6);
    expect(codexPoint.cost_by_provider!.anthropic).toBeCloseTo(codexPoint.cost.haiku + codexPoint.cost.sonnet + codexPoint.cost.opus, 6);
  });
});

describe('ingest semantics', () => {
  it('the latest status of a task wins, by timestamp, whatever the arrival order', async () => {
    await put([{ type: 'task', id: 'x', status: 'completed', timestamp: NOW - 10 }]);
    await put([{ type: 'task', id: 'x', status: 'running', description: 'late', timestamp: NOW - 20 }]);
    const s = await snap(1);
    expect(s.overview.tasks).toMatchObject({ total: 1, completed: 1, running: 0 });
    expect(s.recent_tasks[0]).toMatchObject({ id: 'x', status: 'completed', description: 'late' });
  });

  it('an API request id seen before is not counted again', async () => {
    const req: IngestEvent = { type: 'api_request', model: 'claude-haiku-4-5', input_tokens: 1_000_000, output_tokens: 0, request_id: 'req_1', timestamp: NOW - 5 };
    expect(await put([req, req])).toEqual({ stored: 1, duplicates: 1 });
    expect(await put([req])).toEqual({ stored: 0, duplicates: 1 });
    const s = await snap(1);
    expect(s.overview.claude_api.total_requests).toBe(1);
    expect(s.overview.costs.haiku_cost).toBe(1);
  });

  it('a batch that fails part way stores nothing', async () => {
    const good = normalizeEvent({ type: 'activity', description: 'kept?' }, { now: NOW });
    const broken = { ...normalizeEvent({ type: 'task', id: 'y', status: 'running' }, { now: NOW }), status: null } as never;
    await expect(store.ingest([good, broken])).rejects.toThrow();
    const s = await snap(1);
    expect(s.activity).toEqual([]);
    expect(store.version).toBe(0);
  });
});

describe('bounded snapshots', () => {
  it('lists the busiest 99 tools by name and sums the rest as (other); totals stay exact', async () => {
    const events: IngestEvent[] = [];
    for (let i = 0; i < 150; i++) for (let n = 0; n <= i % 3; n++) events.push({ type: 'tool_call', tool: `tool-${i}`, timestamp: NOW - 30 });
    await put(events);
    const s = await snap(1);
    const names = Object.keys(s.overview.tools.by_type);
    expect(names).toHaveLength(100);
    expect(names).toContain('(other)');
    expect(Object.values(s.overview.tools.by_type).reduce((a, b) => a + b, 0)).toBe(events.length);
    expect(s.overview.tools.total_calls).toBe(events.length);
    // The busiest (3 calls each) are listed by name.
    expect(s.overview.tools.by_type['tool-2']).toBe(3);
  });

  it('the store keeps at most 1,000 distinct model names apart; later ones count as (other)', async () => {
    const events: IngestEvent[] = Array.from({ length: 1_005 }, (_, i) => ({ type: 'api_request', model: `model-${i}`, input_tokens: 1, output_tokens: 1, timestamp: NOW - 30 }));
    await put(events.slice(0, 1_000));
    await put(events.slice(1_000));
    const s = await snap(1);
    expect(s.overview.claude_api.total_requests).toBe(1_005);
    expect(s.overview.claude_api.by_model['(other)']?.requests).toBeGreaterThanOrEqual(5);
    expect(Object.keys(s.overview.claude_api.by_model)).toHaveLength(100);
  });
});
