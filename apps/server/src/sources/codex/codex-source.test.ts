import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot } from '@amiga/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import { computeSnapshot } from '../../metrics/snapshot.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { buildCodexFixture, writeCodexFixture, type CodexTruthRequest } from '../../test-support/fixtures/codex.js';
import type { SourceContext } from '../source.js';
import { CodexSource } from './codex-source.js';
import { codexRoots } from './dirs.js';

/** OpenAI list prices written out here (USD per MTok: input, cached input, output), not read from the dataset. */
const RATES: Record<string, [number, number, number]> = {
  'gpt-5-codex': [1.25, 0.125, 10],
  'gpt-5.1-codex-max': [1.25, 0.125, 10],
  'gpt-5.1-codex-mini': [0.25, 0.025, 2],
  'gpt-5.2-codex': [1.75, 0.175, 14],
};

const UNKNOWN = 'gpt-imaginary-9';
const TRAPS = '01970000-0000-7000-8000-00000000f004';
const TOTALS_ONLY = '01970000-0000-7000-8000-00000000d005';

interface Usage { input_tokens: number; cached_input_tokens: number; output_tokens: number; reasoning_output_tokens: number; total_tokens: number }
const usage = (input: number, cached: number, output: number, reasoning: number): Usage => ({ input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output });
const plus = (a: Usage, b: Usage): Usage => usage(a.input_tokens + b.input_tokens, a.cached_input_tokens + b.cached_input_tokens, a.output_tokens + b.output_tokens, a.reasoning_output_tokens + b.reasoning_output_tokens);
const at = (s: number) => new Date(Date.parse('2026-05-01T14:00:00.000Z') + s * 1000).toISOString();
const tokenCount = (ts: string, total: Usage | null, last: Usage | null) => ({ timestamp: ts, type: 'event_msg', payload: { type: 'token_count', info: { ...(total ? { total_token_usage: total } : {}), ...(last ? { last_token_usage: last } : {}) }, rate_limits: null } });

/**
 * The traps the generated fixture does not have: a model switch to one the dataset does not
 * know, a broken (half-written) line, a compaction after which the running totals restart, and
 * a rollout that writes only running totals (older Codex). Each with its truth.
 */
function trapFiles(): { files: Array<{ relPath: string; lines: unknown[] }>; truth: CodexTruthRequest[]; toolCalls: number } {
  const truth: CodexTruthRequest[] = [];
  const a = usage(20_000, 12_000, 900, 300);
  const b = usage(26_000, 19_000, 400, 0); // unknown model
  const c = usage(8_000, 0, 700, 200); // after the compaction: totals restart
  const d = usage(9_500, 7_000, 300, 50);
  const ts = (s: number) => Date.parse(at(s)) / 1000;
  const traps = [
    { timestamp: at(0), type: 'session_meta', payload: { id: TRAPS, timestamp: at(0), cwd: '/home/dev/traps', cli_version: '0.130.0', source: 'exec' } },
    { timestamp: at(1), type: 'turn_context', payload: { model: 'gpt-5.2-codex', cwd: '/home/dev/traps' } },
    { timestamp: at(5), type: 'response_item', payload: { type: 'local_shell_call', call_id: 'ls_1', status: 'completed', action: { type: 'exec', command: ['ls'] } } },
    tokenCount(at(6), a, a),
    { timestamp: at(7), type: 'response_item', payload: { type: 'function_call_output', call_id: 'ls_1', output: '{"output":"","metadata":{"exit_code":2}}' } },
    '{"timestamp":"' + at(8) + '","type":"event_msg","payload":{"type":"token_co',
    { timestamp: at(9), type: 'turn_context', payload: { model: UNKNOWN, cwd: '/home/dev/traps' } },
    tokenCount(at(12), plus(a, b), b),
    tokenCount(at(13), plus(a, b), b), // re-emit
    { timestamp: at(20), type: 'compacted', payload: { message: 'summary of the conversation so far' } },
    { timestamp: at(21), type: 'turn_context', payload: { model: 'gpt-5.2-codex', cwd: '/home/dev/traps' } },
    tokenCount(at(25), c, c),
    tokenCount(at(30), plus(c, d), d),
    { timestamp: at(31), type: 'mystery_future_type', payload: { x: 1 } },
  ];
  truth.push(
    { session_id: TRAPS, model: 'gpt-5.2-codex', ...a, ts: ts(6) },
    { session_id: TRAPS, model: UNKNOWN, ...b, ts: ts(12) },
    { session_id: TRAPS, model: 'gpt-5.2-codex', ...c, ts: ts(25) },
    { session_id: TRAPS, model: 'gpt-5.2-codex', ...d, ts: ts(30) },
  );
  const e = usage(5_000, 1_000, 200, 0);
  const f = usage(7_000, 4_000, 100, 0);
  const totalsOnly = [
    { timestamp: at(100), type: 'session_meta', payload: { id: TOTALS_ONLY, timestamp: at(100), cwd: '/home/dev/older' } },
    { timestamp: at(101), type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/home/dev/older' } },
    tokenCount(at(110), e, null),
    tokenCount(at(111), e, null),
    tokenCount(at(120), plus(e, f), null),
  ];
  truth.push({ session_id: TOTALS_ONLY, model: 'gpt-5-codex', ...e, ts: ts(110) }, { session_id: TOTALS_ONLY, model: 'gpt-5-codex', ...f, ts: ts(120) });
  return {
    files: [
      { relPath: `sessions/2026/05/01/rollout-2026-05-01T14-00-00-${TRAPS}.jsonl`, lines: traps },
      { relPath: `sessions/2026/05/01/rollout-2026-05-01T14-01-40-${TOTALS_ONLY}.jsonl`, lines: totalsOnly },
    ],
    truth,
    toolCalls: 1,
  };
}

/** Appends to a rollout one more request (its running totals grown) and a re-emit of it; answers its truth. */
function appendRequest(file: string, ts: string): CodexTruthRequest {
  type Line = { type: string; payload: { type?: string; model?: string; info?: { total_token_usage?: Usage } } };
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Line);
  const lastTotals = lines.filter((l) => l.type === 'event_msg' && l.payload.type === 'token_count' && l.payload.info).at(-1)?.payload.info?.total_token_usage as Usage;
  const more = usage(60_000, 55_000, 1200, 400);
  const next = tokenCount(ts, plus(lastTotals, more), more);
  const reasoning = { timestamp: new Date(Date.parse(ts) - 2000).toISOString(), type: 'response_item', payload: { type: 'reasoning', summary: [] } };
  fs.appendFileSync(file, [reasoning, next, next].map((l) => JSON.stringify(l)).join('\n') + '\n');
  const model = lines.filter((l) => l.type === 'turn_context').at(-1)?.payload.model ?? null;
  return { session_id: 'appended', model, ...more, ts: Date.parse(ts) / 1000 };
}

const NOW = Date.parse('2026-05-02T00:00:00.000Z') / 1000;
/** A window from before the legacy rollout (2025-09) to after the rest. */
const HOURS = 24 * 300;

let tmp: string;
let home: string;
let stores: Store[];
let sources: CodexSource[];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-codex-'));
  home = path.join(tmp, '.codex');
  stores = [];
  sources = [];
});

afterEach(async () => {
  for (const s of sources) await s.stop();
  for (const s of stores) await s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function store(file = ':memory:'): Store {
  const s = new SqliteStore({ path: file, synchronous: 'NORMAL' });
  stores.push(s);
  return s;
}

async function startSource(s: Store, batchSize = 7): Promise<CodexSource> {
  const source = new CodexSource({ dirs: codexRoots({ codexDirs: [], codexHomes: [home] }), pollMs: 60_000, prices: [], batchSize });
  sources.push(source);
  const ctx: SourceContext = { config: {} as SourceContext['config'], store: s, clock: systemClock, logger: createLogger('silent'), ingest: (events, opts) => s.ingest(events, opts) };
  await source.start(ctx);
  return source;
}

async function writeAll(): Promise<{ truth: CodexTruthRequest[]; toolCalls: number; failedCalls: number; parent: string; legacy: string }> {
  const fixture = buildCodexFixture();
  const paths = await writeCodexFixture(home, fixture);
  const extra = trapFiles();
  for (const f of extra.files) {
    const file = path.join(home, f.relPath);
    fs.writeFileSync(file, f.lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  }
  // A copy of the legacy rollout left in sessions/ as well as archived_sessions/ (archiving copied it).
  const legacy = paths[2] as string;
  const copy = path.join(home, 'sessions', '2025', '09', '03', path.basename(legacy));
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.copyFileSync(legacy, copy);
  const calls = fixture.truth.toolCalls;
  return {
    truth: [...fixture.truth.requests, ...extra.truth],
    toolCalls: calls.length + extra.toolCalls,
    failedCalls: calls.filter((c) => c.success === false).length + 1,
    parent: paths[0] as string,
    legacy,
  };
}

function expected(truth: readonly CodexTruthRequest[]) {
  let cost = 0;
  for (const r of truth) {
    const rate = r.model ? RATES[r.model] : undefined;
    if (rate) cost += ((r.input_tokens - r.cached_input_tokens) * rate[0] + r.cached_input_tokens * rate[1] + r.output_tokens * rate[2]) / 1e6;
  }
  return {
    requests: truth.length,
    input: truth.reduce((s, r) => s + r.input_tokens - r.cached_input_tokens, 0),
    cacheRead: truth.reduce((s, r) => s + r.cached_input_tokens, 0),
    output: truth.reduce((s, r) => s + r.output_tokens, 0),
    cost,
  };
}

const snapshot = (s: Store): Promise<MetricsSnapshot> => computeSnapshot({ store: s, sources: ['codex'] }, HOURS, NOW);

function expectTotals(snap: MetricsSnapshot, truth: readonly CodexTruthRequest[], toolCalls: number, failedCalls: number): void {
  const want = expected(truth);
  const api = snap.overview.claude_api;
  expect(api.total_requests).toBe(want.requests);
  expect(api.total_input_tokens).toBe(want.input);
  expect(api.total_cache_read_tokens).toBe(want.cacheRead);
  expect(api.total_cache_creation_tokens).toBe(0);
  expect(api.total_output_tokens).toBe(want.output);
  expect(Math.abs(snap.overview.costs.total_cost - want.cost)).toBeLessThan(0.01);
  expect(snap.overview.costs.total_cost).toBeCloseTo(want.cost, 5);
  expect(snap.overview.costs.unpriced_models.sort()).toEqual([UNKNOWN, 'unknown']);
  expect(snap.overview.tools.total_calls).toBe(toolCalls);
  expect(snap.overview.tools.failed_calls).toBe(failedCalls);
}

describe('CodexSource', () => {
  it('counts every request of the fixture and its traps exactly once, tools by call id, the subagent in its parent’s session', async () => {
    const { truth, toolCalls, failedCalls } = await writeAll();
    const s = store();
    const source = await startSource(s);
    const snap = await snapshot(s);
    expectTotals(snap, truth, toolCalls, failedCalls);
    // Reasoning is inside output; the legacy rollout (no model anywhere) is the model "unknown", unpriced.
    expect(snap.overview.claude_api.by_model.unknown?.requests).toBe(truth.filter((r) => r.model === null).length);
    expect(snap.overview.claude_api.by_model[UNKNOWN]?.requests).toBe(1);
    expect(snap.overview.tools.by_type).toMatchObject({ shell: expect.any(Number), apply_patch: expect.any(Number), local_shell: 1 });
    // Sessions: the subagent's requests are its parent's; the copied legacy rollout is one session.
    const sessions = snap.sessions.list.map((x) => x.session_id).sort();
    expect(sessions).toEqual(['01970000-0000-7000-8000-00000000a001', TOTALS_ONLY, '01970000-0000-7000-8000-00000000e003', TRAPS].sort());
    const parent = snap.sessions.list.find((x) => x.session_id.endsWith('a001'));
    expect(parent?.requests).toBe(truth.filter((r) => r.session_id.endsWith('a001') || r.session_id.endsWith('c002')).length);
    expect(parent?.project).toBe('/home/dev/shop');
    // What /api/sources shows: lines per file, the broken line, the rate limits kept.
    const status = source.status();
    expect(status.files).toBe(6);
    expect(status.lines?.broken).toBe(1);
    expect(status.rate_limits).toMatchObject({ session_id: '01970000-0000-7000-8000-00000000c002', plan_type: 'plus' });
  });

  it('keeps the newest rate-limit reading by time across rollouts and tells listeners', async () => {
    await writeAll();
    const s = store();
    const fixture = buildCodexFixture();
    const source = await startSource(s);
    const heard: number[] = [];
    source.onRateLimits((r) => heard.push(r.primary?.used_percent ?? -1));
    const newest = source.rateLimits();
    expect(newest?.primary?.used_percent).toBe(fixture.truth.lastRateLimits['01970000-0000-7000-8000-00000000c002']?.primary);
    expect(newest?.secondary?.window_minutes).toBe(10080);
    // A new reading appended to the parent, later than every other, replaces it.
    const parent = path.join(home, fixture.files[0]?.relPath ?? '');
    const later = { timestamp: '2026-05-01T23:00:00.000Z', type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: { primary: { used_percent: 77, window_minutes: 300, resets_at: 1777700000 }, secondary: null } } };
    fs.appendFileSync(parent, JSON.stringify(later) + '\n');
    await source.poke();
    expect(heard).toEqual([77]);
    expect(source.rateLimits()?.primary?.used_percent).toBe(77);
  });

  it('a restart neither counts again nor misses: lines appended while stopped are read once, the reader rebuilt from the saved position', async () => {
    const { truth, toolCalls, failedCalls, parent } = await writeAll();
    const file = path.join(tmp, 'monitor.db');
    const first = store(file);
    const a = await startSource(first);
    await a.stop();
    await first.close();
    stores.length = 0;

    // While the monitor is down, the parent session makes one more request (totals grow) and re-emits it.
    const extra = appendRequest(parent, '2026-05-01T12:00:00.000Z');

    const again = store(file);
    await startSource(again);
    expectTotals(await snapshot(again), [...truth, extra], toolCalls, failedCalls);
  });

  it('a rollout moved to archived_sessions while followed is not read again, and what is appended there is read once', async () => {
    const { truth, toolCalls, failedCalls, parent } = await writeAll();
    const s = store();
    const source = await startSource(s);
    const archived = path.join(home, 'archived_sessions', path.basename(parent));
    fs.renameSync(parent, archived);
    await source.poke(true);
    expectTotals(await snapshot(s), truth, toolCalls, failedCalls);
    expect(source.status().moves).toBe(1);
    const extra = appendRequest(archived, '2026-05-01T12:00:00.000Z');
    await source.poke();
    expectTotals(await snapshot(s), [...truth, extra], toolCalls, failedCalls);
    expect(source.status().files).toBe(6);
  });
});
