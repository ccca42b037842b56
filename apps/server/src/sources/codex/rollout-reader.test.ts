import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCodexFixture, naiveCodexTotals, writeCodexFixture, type CodexFixture } from '../../test-support/fixtures/codex.js';
import { priceOpenAI } from '../../metrics/prices/index.js';
import { codexRolloutRoots, rolloutSessionId } from './paths.js';
import { CodexRolloutReader, type CodexRecord, type CodexUsageRecord } from './rollout-reader.js';

function readLines(lines: unknown[], fallbackSessionId = 'unknown'): { reader: CodexRolloutReader; records: CodexRecord[] } {
  const reader = new CodexRolloutReader({ fallbackSessionId });
  const records = lines.flatMap((line) => reader.push(line));
  return { reader, records };
}

const usageOf = (records: CodexRecord[]): CodexUsageRecord[] => records.filter((r): r is CodexUsageRecord => r.kind === 'usage');

const tc = (ts: string, total: number[], last: number[] | null, rateLimits?: unknown) => ({
  timestamp: ts,
  type: 'event_msg',
  payload: {
    type: 'token_count',
    info: {
      total_token_usage: { input_tokens: total[0], cached_input_tokens: total[1], output_tokens: total[2], reasoning_output_tokens: total[3], total_tokens: total[4] ?? total[0]! + total[2]! },
      last_token_usage: last && { input_tokens: last[0], cached_input_tokens: last[1], output_tokens: last[2], reasoning_output_tokens: last[3], total_tokens: last[0]! + last[2]! },
      model_context_window: 272000,
    },
    rate_limits: rateLimits ?? null,
  },
});

describe('CodexRolloutReader on hand-written lines', () => {
  it('counts a re-emitted token_count (unchanged totals, same last usage) once', () => {
    const { records, reader } = readLines([
      { timestamp: '2026-05-01T10:00:00.000Z', type: 'session_meta', payload: { id: 's1', timestamp: '2026-05-01T10:00:00.000Z', cwd: '/tmp/p' } },
      { timestamp: '2026-05-01T10:00:01.000Z', type: 'turn_context', payload: { model: 'gpt-5.2', cwd: '/tmp/p' } },
      tc('2026-05-01T10:00:02.000Z', [100, 20, 30, 5], [100, 20, 30, 5]),
      tc('2026-05-01T10:00:03.000Z', [100, 20, 30, 5], [100, 20, 30, 5]),
      tc('2026-05-01T10:00:04.000Z', [100, 20, 30, 5], [100, 20, 30, 5]),
      tc('2026-05-01T10:00:05.000Z', [300, 120, 50, 9], [200, 100, 20, 4]),
    ]);
    const usage = usageOf(records);
    expect(usage.map((u) => [u.input_tokens, u.cached_input_tokens, u.output_tokens, u.reasoning_output_tokens])).toEqual([
      [100, 20, 30, 5],
      [200, 100, 20, 4],
    ]);
    expect(usage.every((u) => u.model === 'gpt-5.2' && u.session_id === 's1' && u.project === '/tmp/p')).toBe(true);
    expect(reader.stats.refreshes).toBe(2);
  });

  it('reads info:null events for their rate limits only, resets_at and the older resets_in_seconds', () => {
    const { records, reader } = readLines([
      {
        timestamp: '2026-05-01T10:00:00.000Z',
        type: 'event_msg',
        payload: { type: 'token_count', info: null, rate_limits: { primary: { used_percent: 7, window_minutes: 300, resets_at: 1777640000 }, secondary: null } },
      },
      {
        timestamp: '2026-05-01T10:00:10.000Z',
        type: 'event_msg',
        payload: { type: 'token_count', info: null, rate_limits: { primary: { used_percent: 9.5, window_minutes: 300, resets_in_seconds: 600 }, secondary: { used_percent: 40, window_minutes: 10080, resets_in_seconds: 86400 } } },
      },
    ]);
    expect(usageOf(records)).toEqual([]);
    expect(records.map((r) => r.kind)).toEqual(['rate_limits', 'rate_limits']);
    const at = Date.parse('2026-05-01T10:00:10.000Z') / 1000;
    expect(reader.rateLimits).toMatchObject({ primary: { used_percent: 9.5, window_minutes: 300, resets_at: at + 600 }, secondary: { used_percent: 40, resets_at: at + 86400 } });
    expect(reader.stats.withoutInfo).toBe(2);
  });

  it('takes the last usage when the running totals go down (counters restarted, context-window marker)', () => {
    const { records, reader } = readLines([
      tc('2026-05-01T10:00:02.000Z', [1000, 0, 100, 0], [1000, 0, 100, 0]),
      // fill_to_context_window: only total_tokens set
      {
        timestamp: '2026-05-01T10:00:03.000Z',
        type: 'event_msg',
        payload: { type: 'token_count', info: { total_token_usage: { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 272000 }, last_token_usage: { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 270900 } } },
      },
      // upstream's append_last_usage adds the next request onto the marker's totals
      tc('2026-05-01T10:00:04.000Z', [500, 400, 60, 10, 272560], [500, 400, 60, 10]),
      // a resumed session restarting its counters
      tc('2026-05-01T10:00:05.000Z', [40, 0, 5, 0], [40, 0, 5, 0]),
    ]);
    expect(usageOf(records).map((u) => u.input_tokens)).toEqual([1000, 500, 40]);
    expect(reader.stats.resets).toBe(2);
  });

  it('gives each request an id that a re-read of the same file reproduces', () => {
    const lines = [tc('2026-05-01T10:00:02.000Z', [10, 0, 1, 0], [10, 0, 1, 0]), tc('2026-05-01T10:00:03.000Z', [30, 5, 2, 0], [20, 5, 1, 0])];
    const a = usageOf(readLines(lines, 'f').records).map((u) => u.id);
    const b = usageOf(readLines(lines, 'f').records).map((u) => u.id);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(2);
  });

  it('reads the oldest format, a bare TokenUsage payload without info', () => {
    const { records } = readLines([
      { timestamp: '2025-08-01T10:00:00.000Z', type: 'event_msg', payload: { type: 'token_count', input_tokens: 50, cached_input_tokens: 10, output_tokens: 7, reasoning_output_tokens: 0, total_tokens: 57 } },
    ]);
    expect(usageOf(records)).toMatchObject([{ input_tokens: 50, cached_input_tokens: 10, output_tokens: 7, model: null }]);
  });

  it('pairs tool calls with their outputs and reads success from the output text', () => {
    const { records } = readLines([
      { timestamp: '2026-05-01T10:00:00.000Z', type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{}', call_id: 'c1' } },
      { timestamp: '2026-05-01T10:00:01.000Z', type: 'response_item', payload: { type: 'function_call_output', call_id: 'c1', output: '{"output":"x","metadata":{"exit_code":2,"duration_seconds":0.1}}' } },
      { timestamp: '2026-05-01T10:00:02.000Z', type: 'response_item', payload: { type: 'custom_tool_call', name: 'apply_patch', input: '…', call_id: 'c2' } },
      { timestamp: '2026-05-01T10:00:03.000Z', type: 'response_item', payload: { type: 'custom_tool_call_output', call_id: 'c2', output: 'Exit code: 0\nWall time: 0.2 seconds\nOutput:\n' } },
      { timestamp: '2026-05-01T10:00:04.000Z', type: 'response_item', payload: { type: 'function_call_output', call_id: 'c3', output: [{ type: 'input_text', text: 'done' }] } },
      { timestamp: '2026-05-01T10:00:05.000Z', type: 'event_msg', payload: { type: 'exec_command_end', call_id: 'c4', exit_code: 0 } },
    ]);
    expect(records.map((r) => (r.kind === 'tool_call' ? `call ${r.call_id} ${r.name}` : r.kind === 'tool_result' ? `result ${r.call_id} ${r.success}` : r.kind))).toEqual([
      'call c1 shell',
      'result c1 false',
      'call c2 apply_patch',
      'result c2 true',
      'result c3 null',
      'result c4 true',
    ]);
  });

  it('skips a fork replay that keeps the original timestamps, and counts the child from the inherited totals', () => {
    const { records, reader } = readLines([
      { timestamp: '2026-05-01T12:00:00.000Z', type: 'session_meta', payload: { id: 'child', forked_from_id: 'parent', timestamp: '2026-05-01T12:00:00.000Z', cwd: '/p' } },
      { timestamp: '2026-05-01T10:00:00.000Z', type: 'session_meta', payload: { id: 'parent', timestamp: '2026-05-01T10:00:00.000Z', cwd: '/p' } },
      { timestamp: '2026-05-01T10:00:01.000Z', type: 'response_item', payload: { type: 'reasoning', summary: [] } },
      tc('2026-05-01T10:00:02.000Z', [100, 0, 10, 0], [100, 0, 10, 0]),
      { timestamp: '2026-05-01T10:05:01.000Z', type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{}', call_id: 'old' } },
      tc('2026-05-01T10:05:02.000Z', [300, 50, 30, 0], [200, 50, 20, 0]),
      { timestamp: '2026-05-01T12:00:05.000Z', type: 'response_item', payload: { type: 'reasoning', summary: [] } },
      tc('2026-05-01T12:00:06.000Z', [700, 350, 70, 5], [400, 300, 40, 5]),
    ]);
    expect(usageOf(records).map((u) => [u.session_id, u.input_tokens, u.cached_input_tokens, u.output_tokens])).toEqual([['child', 400, 300, 40]]);
    expect(records.filter((r) => r.kind === 'tool_call')).toEqual([]);
    expect(reader.parentSessionId).toBe('parent');
    expect(reader.stats.replayed).toBe(2);
  });

  it('counts a spawned subagent that replays nothing from its first request', () => {
    const { records } = readLines([
      { timestamp: '2026-05-01T12:00:00.000Z', type: 'session_meta', payload: { id: 'sub', timestamp: '2026-05-01T12:00:00.000Z', source: { subagent: { thread_spawn: { parent_thread_id: 'parent', depth: 1 } } } } },
      { timestamp: '2026-05-01T12:00:00.010Z', type: 'turn_context', payload: { model: 'gpt-5.1-codex-mini', cwd: '/p' } },
      { timestamp: '2026-05-01T12:00:03.000Z', type: 'response_item', payload: { type: 'reasoning', summary: [] } },
      tc('2026-05-01T12:00:03.100Z', [900, 0, 50, 20], [900, 0, 50, 20]),
    ]);
    expect(usageOf(records).map((u) => [u.session_id, u.model, u.input_tokens])).toEqual([['sub', 'gpt-5.1-codex-mini', 900]]);
  });

  it('counts a subagent of a subagent in the root session, reading the chain from the replayed session_meta lines', () => {
    const spawned = (id: string, parent: string, depth: number, ts: string) => ({ id, timestamp: ts, cwd: '/p', source: { subagent: { thread_spawn: { parent_thread_id: parent, depth } } } });
    const lines = [
      // The grandchild's own meta, then the replay of its parent's rollout: the parent's meta (spawned by the root), the root's meta copied in the parent's replay, and their token counts.
      { timestamp: '2026-05-01T12:10:00.000Z', type: 'session_meta', payload: spawned('grandchild', 'child', 2, '2026-05-01T12:10:00.000Z') },
      { timestamp: '2026-05-01T12:10:00.001Z', type: 'session_meta', payload: spawned('child', 'root', 1, '2026-05-01T12:05:00.000Z') },
      { timestamp: '2026-05-01T12:10:00.002Z', type: 'session_meta', payload: { id: 'root', timestamp: '2026-05-01T12:00:00.000Z', cwd: '/p', source: 'cli' } },
      tc('2026-05-01T12:10:00.003Z', [5_000, 1_000, 300, 0], [5_000, 1_000, 300, 0]),
      tc('2026-05-01T12:10:00.004Z', [9_000, 4_000, 500, 0], [4_000, 3_000, 200, 0]),
      { timestamp: '2026-05-01T12:10:00.010Z', type: 'turn_context', payload: { model: 'gpt-5.1-codex-mini', cwd: '/p' } },
      { timestamp: '2026-05-01T12:10:04.000Z', type: 'response_item', payload: { type: 'reasoning', summary: [] } },
      tc('2026-05-01T12:10:04.100Z', [9_700, 4_000, 560, 10], [700, 0, 60, 10]),
    ];
    const { reader, records } = readLines(lines);
    expect(reader.parentSessionId).toBe('child');
    expect(reader.rootSessionId).toBe('root');
    expect(reader.stats.replayed).toBe(2);
    expect(usageOf(records).map((u) => [u.session_id, u.input_tokens, u.output_tokens])).toEqual([['grandchild', 700, 60]]);
    // A direct subagent's root is its parent; a session of its own, or a fork, has none.
    expect(readLines(lines.slice(1)).reader.rootSessionId).toBe('root');
    expect(readLines(lines.slice(2)).reader.rootSessionId).toBeNull();
    expect(readLines([{ timestamp: '2026-05-01T12:00:00.000Z', type: 'session_meta', payload: { id: 'f', forked_from_id: 'root' } }]).reader.rootSessionId).toBeNull();
  });

  it('does not loop on a spawn chain that names itself', () => {
    const { reader } = readLines([
      { timestamp: '2026-05-01T12:00:00.000Z', type: 'session_meta', payload: { id: 'a', source: { subagent: { thread_spawn: { parent_thread_id: 'b' } } } } },
      { timestamp: '2026-05-01T12:00:00.001Z', type: 'session_meta', payload: { id: 'b', source: { subagent: { thread_spawn: { parent_thread_id: 'c' } } } } },
      { timestamp: '2026-05-01T12:00:00.002Z', type: 'session_meta', payload: { id: 'c', source: { subagent: { thread_spawn: { parent_thread_id: 'b' } } } } },
    ]);
    expect(reader.rootSessionId).toBe('c');
  });

  it('ignores what is not a rollout line', () => {
    const { records, reader } = readLines([null, 42, 'x', { type: 'event_msg' }, { type: 'compacted', payload: { message: 'summary' } }]);
    expect(records).toEqual([]);
    expect(reader.stats.ignored).toBe(5);
  });
});

describe('CodexRolloutReader on the generated fixture', () => {
  let fixture: CodexFixture;
  let home: string;
  const read = new Map<string, { reader: CodexRolloutReader; records: CodexRecord[] }>();

  beforeAll(async () => {
    fixture = buildCodexFixture();
    home = await mkdtemp(path.join(os.tmpdir(), 'codex-fixture-'));
    // Read back what was written, line by line, as the file follower will hand it over.
    for (const file of await writeCodexFixture(home, fixture)) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');
      read.set(file, readLines(lines.map((l) => JSON.parse(l) as unknown), rolloutSessionId(file) ?? 'unknown'));
    }
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const all = () => [...read.values()].flatMap((r) => r.records);

  it('reproduces every request of the truth exactly, in order, and nothing else', () => {
    const got = usageOf(all()).map((u) => ({
      session_id: u.session_id,
      model: u.model,
      input_tokens: u.input_tokens,
      cached_input_tokens: u.cached_input_tokens,
      output_tokens: u.output_tokens,
      reasoning_output_tokens: u.reasoning_output_tokens,
      total_tokens: u.total_tokens,
      ts: u.ts,
    }));
    expect(got).toEqual(fixture.truth.requests);
    expect(new Set(usageOf(all()).map((u) => u.id)).size).toBe(got.length);
  });

  it('skips the subagent replay burst and counts only the child’s own requests', () => {
    const child = [...read.values()].find((r) => r.reader.parentSessionId !== null);
    expect(child?.reader.parentSessionId).toBe(fixture.files[0]?.sessionId);
    expect(child?.reader.stats.replayed).toBe(fixture.traps.replayed);
    expect(usageOf(child?.records ?? []).length).toBe(fixture.truth.requests.filter((r) => r.session_id === child?.reader.sessionId).length);
  });

  it('keeps the newest rate limits per session, ignoring the replayed ones', () => {
    for (const { reader } of read.values()) {
      const truth = fixture.truth.lastRateLimits[reader.sessionId];
      if (!truth) {
        expect(reader.rateLimits).toBeNull();
        continue;
      }
      expect(reader.rateLimits).toMatchObject({ primary: { used_percent: truth.primary, window_minutes: 300, resets_at: truth.resets_at }, secondary: { used_percent: truth.secondary, window_minutes: 10080 } });
    }
  });

  it('reports each tool call once with the outcome its output states', () => {
    const calls = all().filter((r) => r.kind === 'tool_call');
    const results = new Map(all().flatMap((r) => (r.kind === 'tool_result' ? [[r.call_id, r.success] as const] : [])));
    expect(calls.map((c) => ({ call_id: c.call_id, name: c.name, success: results.get(c.call_id) ?? null }))).toEqual(fixture.truth.toolCalls);
  });

  it('documents the trap: summing every last_token_usage overcounts this fixture', () => {
    const naive = naiveCodexTotals(fixture);
    const sum = (pick: (t: { input: number; cached: number; output: number }) => number) => [...naive.values()].reduce((s, t) => s + pick(t), 0);
    const truth = fixture.truth.requests;
    const tIn = truth.reduce((s, r) => s + r.input_tokens, 0);
    const tCached = truth.reduce((s, r) => s + r.cached_input_tokens, 0);
    const tOut = truth.reduce((s, r) => s + r.output_tokens, 0);
    const over = (naiveValue: number, trueValue: number) => Math.round(((naiveValue - trueValue) / trueValue) * 100);
    const costOf = (model: string | null, u: { input: number; cached: number; output: number }) =>
      priceOpenAI({ input_tokens: u.input, cached_input_tokens: u.cached, output_tokens: u.output }, model ?? 'gpt-5')?.totalUsd ?? 0;
    const naiveCost = [...naive.entries()].reduce((s, [model, t]) => s + costOf(model === 'unknown' ? null : model, t), 0);
    const trueCost = truth.reduce((s, r) => s + costOf(r.model, { input: r.input_tokens, cached: r.cached_input_tokens, output: r.output_tokens }), 0);
    const report = { input: over(sum((t) => t.input), tIn), cached: over(sum((t) => t.cached), tCached), output: over(sum((t) => t.output), tOut), cost: over(naiveCost, trueCost) };
    console.info(`naive last_token_usage sum over the Codex fixture: input +${report.input}%, cached +${report.cached}%, output +${report.output}%, cost +${report.cost}%`);
    expect(report.input).toBeGreaterThan(50);
    expect(report.output).toBeGreaterThan(50);
    expect(report.cost).toBeGreaterThan(50);
  });
});

describe('Codex paths', () => {
  it('reads CODEX_HOME, else ~/.codex, with sessions and archived_sessions', () => {
    expect(codexRolloutRoots(undefined, '/home/u')).toEqual(['/home/u/.codex/sessions', '/home/u/.codex/archived_sessions']);
    expect(codexRolloutRoots('/data/codex', '/home/u')).toEqual(['/data/codex/sessions', '/data/codex/archived_sessions']);
  });

  it('takes the session id from a rollout file name', () => {
    expect(rolloutSessionId('/x/rollout-2025-09-11T18-25-30-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl')).toBe('0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(rolloutSessionId('notes.jsonl')).toBeNull();
  });
});
