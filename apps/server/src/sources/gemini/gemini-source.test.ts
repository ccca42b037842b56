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
import { buildGeminiFixture, writeGeminiFixture, type GeminiFixture, type GeminiTruthRequest } from '../../test-support/fixtures/gemini.js';
import type { SourceContext } from '../source.js';
import { GeminiSource } from './gemini-source.js';

/** Google list prices written out here (USD per MTok: input, cached, output; then the rates above 200k prompt tokens). */
const RATES: Record<string, { base: [number, number, number]; long?: [number, number, number] }> = {
  'gemini-2.5-pro': { base: [1.25, 0.125, 10], long: [2.5, 0.25, 15] },
  'gemini-2.5-flash': { base: [0.3, 0.03, 2.5] },
  'gemini-3-pro-preview': { base: [2, 0.2, 12], long: [4, 0.4, 18] },
};
const UNKNOWN = 'gemini-imaginary-9';

const HASH = '5f2b8c0e9d1a4b7c3e6f0a2d4c8b1e7f9a3c5d7e1f2a4b6c8d0e2f4a6b8c0d2e';
const LONG_SESSION = '3c3c3c3c-1111-4222-8333-444444444444';
const NOW = Date.parse('2026-05-03T00:00:00.000Z') / 1000;

/** A third session: two long-context requests (over 200k prompt tokens), one to a model the dataset does not know, and a failed tool call. */
function longSession(): { relPath: string; doc: Record<string, unknown>; truth: GeminiTruthRequest[] } {
  const t = (input: number, cached: number, output: number, thoughts: number, tool: number) => ({ input, output, cached, thoughts, tool, total: input + output + thoughts + tool });
  const m1 = t(240_000, 180_000, 2_000, 3_000, 0);
  const m2 = t(190_000, 150_000, 900, 0, 15_000); // prompt 205k with the tool-use prompt: long context
  const m3 = t(4_000, 0, 100, 0, 0);
  const messages = [
    { id: 'l-u1', timestamp: '2026-05-02T12:00:00.000Z', type: 'user', content: [{ text: 'read the whole repo' }] },
    { id: 'l-g1', timestamp: '2026-05-02T12:00:30.000Z', type: 'gemini', content: 'ok', model: 'gemini-3-pro-preview', tokens: m1, toolCalls: [{ id: 'lt-1', name: 'read_many_files', status: 'error', timestamp: '2026-05-02T12:00:20.000Z' }] },
    { id: 'l-g2', timestamp: '2026-05-02T12:01:00.000Z', type: 'gemini', content: 'done', model: 'gemini-2.5-pro', tokens: m2 },
    { id: 'l-g3', timestamp: '2026-05-02T12:02:00.000Z', type: 'gemini', content: '?', model: UNKNOWN, tokens: m3 },
  ];
  return {
    relPath: `${HASH}/chats/session-2026-05-02T12-00-${LONG_SESSION.slice(0, 8)}.json`,
    doc: { sessionId: LONG_SESSION, projectHash: HASH, startTime: '2026-05-02T12:00:00.000Z', lastUpdated: '2026-05-02T12:02:00.000Z', messages },
    truth: [
      { session_id: LONG_SESSION, message_id: 'l-g1', model: 'gemini-3-pro-preview', ...m1 },
      { session_id: LONG_SESSION, message_id: 'l-g2', model: 'gemini-2.5-pro', ...m2 },
      { session_id: LONG_SESSION, message_id: 'l-g3', model: UNKNOWN, ...m3 },
    ],
  };
}

function expected(truth: readonly GeminiTruthRequest[]) {
  let cost = 0;
  for (const r of truth) {
    const rates = RATES[r.model];
    if (!rates) continue;
    const prompt = r.input + r.tool;
    const [input, cached, output] = prompt > 200_000 && rates.long ? rates.long : rates.base;
    cost += ((prompt - r.cached) * input + r.cached * cached + (r.output + r.thoughts) * output) / 1e6;
  }
  return {
    requests: truth.length,
    input: truth.reduce((s, r) => s + r.input - r.cached + r.tool, 0),
    cacheRead: truth.reduce((s, r) => s + r.cached, 0),
    output: truth.reduce((s, r) => s + r.output + r.thoughts, 0),
    cost,
  };
}

let tmp: string;
let root: string;
let stores: Store[];
let sources: GeminiSource[];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-gemini-'));
  root = path.join(tmp, '.gemini', 'tmp');
  fs.mkdirSync(root, { recursive: true });
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

async function startSource(s: Store): Promise<GeminiSource> {
  const source = new GeminiSource({ dirs: [root], pollMs: 60_000, prices: [], batchSize: 3 });
  sources.push(source);
  const ctx: SourceContext = { config: {} as SourceContext['config'], store: s, clock: systemClock, logger: createLogger('silent'), ingest: (events, opts) => s.ingest(events, opts) };
  await source.start(ctx);
  return source;
}

const snapshot = (s: Store): Promise<MetricsSnapshot> => computeSnapshot({ store: s, sources: ['gemini'] }, 24 * 7, NOW);

function expectTotals(snap: MetricsSnapshot, truth: readonly GeminiTruthRequest[], tools: { calls: number; failed: number }): void {
  const want = expected(truth);
  const api = snap.overview.claude_api;
  expect(api.total_requests).toBe(want.requests);
  expect(api.total_input_tokens).toBe(want.input);
  expect(api.total_cache_read_tokens).toBe(want.cacheRead);
  expect(api.total_output_tokens).toBe(want.output);
  expect(Math.abs(snap.overview.costs.total_cost - want.cost)).toBeLessThan(0.01);
  expect(snap.overview.costs.total_cost).toBeCloseTo(want.cost, 5);
  expect(snap.overview.tools.total_calls).toBe(tools.calls);
  expect(snap.overview.tools.failed_calls).toBe(tools.failed);
}

function toolTruth(fixture: GeminiFixture) {
  const calls = fixture.truth.toolCalls;
  return { calls: calls.length, failed: calls.filter((c) => !c.success).length };
}

describe('GeminiSource', () => {
  it('follows a document rewritten message by message, counting each request and tool call once', async () => {
    const fixture = buildGeminiFixture();
    await writeGeminiFixture(root, fixture, 0);
    const s = store();
    const source = await startSource(s);
    for (let v = 1; v < fixture.document.versions.length; v++) {
      await writeGeminiFixture(root, fixture, v);
      await source.poke();
    }
    expectTotals(await snapshot(s), fixture.truth.requests, toolTruth(fixture));
    const snap = await snapshot(s);
    expect(snap.overview.tools.by_type).toEqual({ read_file: 1, replace: 2, run_shell_command: 1 });
    expect(snap.sessions.list.map((x) => x.session_id).sort()).toEqual([fixture.document.sessionId, fixture.jsonl.sessionId].sort());
    expect(snap.sessions.list.every((x) => x.project === HASH.slice(0, 12))).toBe(true);
    expect(source.status()).toMatchObject({ files: 2, documents: { documents: { unparsed: 0, broken: 0 } }, jsonl: { lines: { broken: 0 } } });
  });

  it('skips a file caught half-written until it parses, says so in its status, then counts it; long-context rates and an unknown model', async () => {
    const fixture = buildGeminiFixture();
    await writeGeminiFixture(root, fixture);
    const long = longSession();
    const file = path.join(root, long.relPath);
    const text = JSON.stringify(long.doc, null, 2);
    fs.writeFileSync(file, text.slice(0, Math.floor(text.length * 0.6)));
    const s = store();
    const source = await startSource(s);
    expect(source.status().documents.documents).toMatchObject({ unparsed: 1, unparsed_files: [file] });
    expectTotals(await snapshot(s), fixture.truth.requests, toolTruth(fixture));

    fs.writeFileSync(file, text);
    await source.poke();
    expect(source.status().documents.documents?.unparsed).toBe(0);
    const all = [...fixture.truth.requests, ...long.truth];
    const tools = toolTruth(fixture);
    expectTotals(await snapshot(s), all, { calls: tools.calls + 1, failed: tools.failed + 1 });
    const snap = await snapshot(s);
    expect(snap.overview.costs.unpriced_models).toEqual([UNKNOWN]);
    expect(snap.overview.claude_api.by_model[UNKNOWN]?.requests).toBe(1);
  });

  it('a restart counts nothing again and misses nothing written while stopped (both formats)', async () => {
    const fixture = buildGeminiFixture();
    const { jsonl } = await writeGeminiFixture(root, fixture, 3);
    // The JSONL file as far as its 5th line first.
    const lines = fixture.jsonl.lines.map((l) => JSON.stringify(l));
    fs.writeFileSync(jsonl, lines.slice(0, 5).join('\n') + '\n');
    const db = path.join(tmp, 'monitor.db');
    const first = store(db);
    const a = await startSource(first);
    await a.stop();
    await first.close();
    stores.length = 0;

    await writeGeminiFixture(root, fixture); // the document's newest version, and the JSONL file whole
    const again = store(db);
    await startSource(again);
    expectTotals(await snapshot(again), fixture.truth.requests, toolTruth(fixture));
    // The JSONL file's messages keep their session (named on its first line, before the saved position).
    const snap = await snapshot(again);
    expect(snap.sessions.list.find((x) => x.session_id === fixture.jsonl.sessionId)?.requests).toBe(2);
    expect(snap.sessions.total_sessions).toBe(2);
  });

  it('maps a project hash to its folder when ~/.gemini/projects.json names it', async () => {
    const fixture = buildGeminiFixture();
    await writeGeminiFixture(root, fixture);
    fs.writeFileSync(path.join(tmp, '.gemini', 'projects.json'), JSON.stringify({ projects: { '/home/dev/shop': HASH } }));
    const s = store();
    await startSource(s);
    expect((await snapshot(s)).sessions.list.map((x) => x.project)).toEqual(['/home/dev/shop', '/home/dev/shop']);
  });
});
