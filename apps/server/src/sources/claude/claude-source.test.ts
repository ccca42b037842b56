import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import { computeSnapshot } from '../../metrics/snapshot.js';
import { PRICE_TABLE } from '../../metrics/pricing.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { SourceContext } from '../source.js';
import { ClaudeSource } from './claude-source.js';
import { otherLines, responseLines, userLine, type ResponseSpec } from '../../test-support/transcript-lines.js';

const iso = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const SONNET = 'claude-sonnet-4-5-20250929';
const HAIKU = 'claude-haiku-4-5-20251001';
const OPUS = 'claude-opus-4-5-20251101';

const alpha = { sessionId: 's1', cwd: '/home/dev/alpha' };
const beta = { sessionId: 's2', cwd: '/home/dev/beta' };

const r1: ResponseSpec = {
  ...alpha, messageId: 'msg_1', requestId: 'req_1', model: SONNET, timestamp: iso(30),
  input: 100, output: 500, cacheWrite: 1000, cacheWrite1h: 400, cacheRead: 20_000,
  texts: ['Reading the file.'], tools: [{ id: 'toolu_1', name: 'Read' }, { id: 'toolu_2', name: 'Edit' }],
};
const r2: ResponseSpec = {
  ...alpha, messageId: 'msg_2', requestId: 'req_2', model: HAIKU, timestamp: iso(29),
  input: 50, output: 80, cacheRead: 3000, texts: ['Running it.'], tools: [{ id: 'toolu_3', name: 'Bash' }],
};
const r3: ResponseSpec = {
  sessionId: 'agent-session', cwd: '/home/dev/alpha', messageId: 'msg_3', requestId: 'req_3', model: HAIKU, timestamp: iso(28),
  input: 10, output: 20, tools: [{ id: 'toolu_4', name: 'Grep' }, { id: 'toolu_5', name: 'Glob' }],
};
const r4: ResponseSpec = {
  ...beta, messageId: 'msg_4', requestId: 'req_4', model: OPUS, timestamp: iso(20), streamingOutput: 12,
  input: 200, output: 1000, cacheWrite: 500,
  texts: ['Planning.'], tools: [{ id: 'toolu_6', name: 'Task' }, { id: 'toolu_7', name: 'Write' }, { id: 'toolu_8', name: 'WebFetch' }],
};
const r5: ResponseSpec = { ...beta, messageId: 'msg_5', requestId: 'req_5', model: SONNET, timestamp: iso(5), input: 7, output: 9, tools: [{ id: 'toolu_9', name: 'Read' }] };

/** Cost by hand: USD per million tokens; cache writes 1.25x (5 min) / 2x (1 h) input, reads 0.1x. */
const COST = {
  r1: (100 * 3 + 500 * 15 + 600 * 3 * 1.25 + 400 * 3 * 2 + 20_000 * 3 * 0.1) / 1e6,
  r2: (50 * 1 + 80 * 5 + 3000 * 1 * 0.1) / 1e6,
  r3: (10 * 1 + 20 * 5) / 1e6,
  r4: (200 * 5 + 1000 * 25 + 500 * 5 * 1.25) / 1e6,
  r5: (7 * 3 + 9 * 15) / 1e6,
};

const synthetic = JSON.stringify({
  type: 'assistant', sessionId: 's1', cwd: '/home/dev/alpha', timestamp: iso(27), requestId: 'req_syn',
  message: { id: 'msg_syn', model: '<synthetic>', content: [{ type: 'text', text: 'No response requested.' }],
    usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
});
const brokenAssistant = '{"type":"assistant","message":{"id":"msg_broken","usage":{"input_tok';

let tmp: string;
let projects: string;
let stores: Store[];
let sources: ClaudeSource[];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-claude-'));
  projects = path.join(tmp, 'projects');
  stores = [];
  sources = [];
});

afterEach(async () => {
  for (const s of sources) await s.stop();
  for (const s of stores) await s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const lines = (...groups: Array<string | string[]>) => groups.flat().join('\n') + '\n';
function write(rel: string, content: string): string {
  const file = path.join(projects, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function writeFixture(): { s1: string; s2: string } {
  const s1 = write(
    '-home-dev-alpha/s1.jsonl',
    lines(userLine('s1', alpha.cwd, iso(31), 'x'.repeat(5000)), otherLines.summary, responseLines(r1), otherLines.system,
      otherLines.fileHistory, brokenAssistant, 'not json at all', synthetic, responseLines(r2)),
  );
  write('-home-dev-alpha/s1/subagents/agent-a1.jsonl', lines(responseLines(r3)));
  const s2 = write('-home-dev-beta/s2.jsonl', lines(userLine('s2', beta.cwd, iso(21), 'hello'), responseLines(r4)));
  return { s1, s2 };
}

async function startSource(store: Store, options: { pollMs?: number } = {}): Promise<ClaudeSource> {
  const source = new ClaudeSource({ dirs: [projects], pollMs: options.pollMs ?? 60_000, prices: PRICE_TABLE, batchSize: 3 });
  sources.push(source);
  const ctx: SourceContext = {
    config: {} as SourceContext['config'],
    store,
    clock: systemClock,
    logger: createLogger('silent'),
    ingest: (events, opts) => store.ingest(events, opts),
  };
  await source.start(ctx);
  return source;
}

function memoryStore(file = ':memory:'): Store {
  const store = new SqliteStore({ path: file, synchronous: 'NORMAL' });
  stores.push(store);
  return store;
}

const snapshot = (store: Store) => computeSnapshot({ store, sources: ['claude'] }, 168, Date.now() / 1000);

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ClaudeSource', () => {
  it('counts each response once, with its largest totals, tools by id, sessions and cost', async () => {
    writeFixture();
    const store = memoryStore();
    const source = await startSource(store);
    const s = await snapshot(store);
    const api = s.overview.claude_api;
    expect(api.total_requests).toBe(4);
    expect(api.total_input_tokens).toBe(100 + 50 + 10 + 200);
    expect(api.total_output_tokens).toBe(500 + 80 + 20 + 1000);
    expect(api.total_cache_creation_tokens).toBe(1000 + 500);
    expect(api.total_cache_read_tokens).toBe(20_000 + 3000);
    expect(api.by_model[HAIKU]?.requests).toBe(2);
    expect(s.overview.tools.by_type).toEqual({ Bash: 1, Edit: 1, Glob: 1, Grep: 1, Read: 1, Task: 1, WebFetch: 1, Write: 1 });
    expect(s.overview.tools.total_calls).toBe(8);
    expect(s.sessions.total_sessions).toBe(2);
    const s1 = s.sessions.list.find((x) => x.session_id === 's1');
    expect(s1).toMatchObject({ project: '/home/dev/alpha', requests: 3, tool_calls: 5 });
    expect(s.overview.costs.total_cost).toBeCloseTo(COST.r1 + COST.r2 + COST.r3 + COST.r4, 6);
    expect(s.overview.costs.unpriced_models).toEqual([]);
    expect(source.status()).toMatchObject({ files: 3, lines: { broken: 2 }, state: 'live' });
  });

  it('follows appended lines, partial lines and new files while watched', async () => {
    const { s2 } = writeFixture();
    const store = memoryStore();
    const source = await startSource(store, { pollMs: 100 });

    const appendedAt = Date.now();
    fs.appendFileSync(s2, lines(responseLines(r5)));
    let s = await until(() => snapshot(store), (x) => x.overview.claude_api.total_requests === 5);
    expect(s.overview.claude_api.total_requests).toBe(5);
    expect(Date.now() - appendedAt).toBeLessThan(1000);

    const [first, ...rest] = responseLines({ ...r5, messageId: 'msg_6', requestId: 'req_6', tools: [{ id: 'toolu_10', name: 'Bash' }] });
    const half = Math.floor((first as string).length / 2);
    fs.appendFileSync(s2, (first as string).slice(0, half));
    await source.poke();
    expect((await snapshot(store)).overview.claude_api.total_requests).toBe(5);
    fs.appendFileSync(s2, (first as string).slice(half) + '\n' + rest.join('\n') + (rest.length ? '\n' : ''));
    s = await until(() => snapshot(store), (x) => x.overview.claude_api.total_requests === 6);
    expect(s.overview.claude_api.total_requests).toBe(6);
    expect(s.overview.tools.by_type.Bash).toBe(2);

    write('-home-dev-gamma/s9.jsonl', lines(responseLines({ ...r5, sessionId: 's9', cwd: '/home/dev/gamma', messageId: 'msg_9', requestId: 'req_9', tools: [] })));
    s = await until(() => snapshot(store), (x) => x.sessions.total_sessions === 3);
    expect(s.sessions.total_sessions).toBe(3);
    expect(s.overview.claude_api.total_requests).toBe(7);
    expect(source.status().lines?.broken).toBe(2);
  });

  it('resumes after a restart half way through a response without counting twice', async () => {
    const db = path.join(tmp, 'monitor.db');
    const all = responseLines(r1);
    const s1 = write('-home-dev-alpha/s1.jsonl', lines(all.slice(0, 2)));
    let store = memoryStore(db);
    let source = await startSource(store);
    let s = await snapshot(store);
    expect(s.overview.claude_api.total_output_tokens).toBe(1); // the streaming snapshot only
    expect(s.overview.tools.total_calls).toBe(1);
    await source.stop();
    await store.close();

    fs.appendFileSync(s1, lines(all.slice(2), responseLines(r2)));
    store = memoryStore(db);
    source = await startSource(store);
    s = await snapshot(store);
    expect(s.overview.claude_api.total_requests).toBe(2);
    expect(s.overview.claude_api.total_output_tokens).toBe(500 + 80);
    expect(s.overview.claude_api.total_cache_read_tokens).toBe(23_000);
    expect(s.overview.tools.total_calls).toBe(3);
    expect(s.overview.costs.total_cost).toBeCloseTo(COST.r1 + COST.r2, 6);
    expect(source.status().bytes_read).toBeLessThan(fs.statSync(s1).size); // the first part was not read again
  });

  it('re-reads a truncated or replaced file from the start without double counting', async () => {
    const { s2 } = writeFixture();
    const store = memoryStore();
    const source = await startSource(store);
    expect((await snapshot(store)).overview.claude_api.total_requests).toBe(4);

    fs.writeFileSync(s2, lines(responseLines(r4).slice(0, 1))); // shorter than what was read
    await source.poke();
    fs.appendFileSync(s2, lines(responseLines(r4).slice(1), responseLines(r5)));
    await source.poke();
    let s = await snapshot(store);
    expect(s.overview.claude_api.total_requests).toBe(5);
    expect(s.overview.claude_api.total_output_tokens).toBe(500 + 80 + 20 + 1000 + 9);
    expect(s.overview.tools.total_calls).toBe(9);

    const replacement = path.join(tmp, 'replacement.jsonl');
    fs.writeFileSync(replacement, lines(responseLines(r4), responseLines(r5), responseLines({ ...r5, messageId: 'msg_7', requestId: 'req_7', tools: [{ id: 'toolu_11', name: 'Read' }] })));
    fs.renameSync(replacement, s2);
    await source.poke();
    s = await snapshot(store);
    expect(s.overview.claude_api.total_requests).toBe(6);
    expect(s.overview.tools.total_calls).toBe(10);
    expect(s.overview.costs.total_cost).toBeCloseTo(COST.r1 + COST.r2 + COST.r3 + COST.r4 + 2 * COST.r5, 6);
    expect(source.status().restarts).toBe(2);
  });

  it('gives exactly the same totals for a transcript written with spaced JSON as for the compact one', async () => {
    writeFixture();
    const compactStore = memoryStore();
    const compact = await startSource(compactStore);
    // Re-serialised as Python's json.dumps writes it: `{"type": "assistant", "message": {...}}`.
    const spaced = (l: string) => {
      try {
        return JSON.stringify(JSON.parse(l), null, 1).replace(/,\n */g, ', ').replace(/\n */g, '');
      } catch {
        return l.replace(/":/g, '": ').replace(/,"/g, ', "'); // the broken lines too
      }
    };
    const files = fs.readdirSync(projects, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of files) {
      const file = path.join(e.parentPath, e.name);
      const text = fs.readFileSync(file, 'utf8').split('\n').map(spaced).join('\n');
      expect(text).not.toContain('"type":"assistant"');
      write(path.relative(projects, file).replace(/^-home-dev-/, '-spaced-home-dev-'), text);
      fs.rmSync(file);
    }
    expect(fs.readFileSync(path.join(projects, '-spaced-home-dev-alpha/s1.jsonl'), 'utf8')).toContain('"type": "assistant"');
    await compact.stop();
    const spacedStore = memoryStore();
    const source = await startSource(spacedStore);
    const [a, b] = [await snapshot(compactStore), await snapshot(spacedStore)];
    expect(b.overview.claude_api.total_requests).toBe(4);
    expect(b.overview.claude_api).toEqual(a.overview.claude_api);
    expect(b.overview.tools).toEqual(a.overview.tools);
    expect(b.overview.costs).toEqual(a.overview.costs);
    expect(b.sessions.list.map((x) => [x.session_id, x.requests, x.tool_calls])).toEqual(a.sessions.list.map((x) => [x.session_id, x.requests, x.tool_calls]));
    expect(source.status().lines).toEqual(compact.status().lines);
    expect(source.status().lines).toEqual({ seen: 19, parsed: 13, ignored: 5, broken: 2 });
  });

  it('does not read a transcript again when it moves to another project folder, and follows it there', async () => {
    const { s2 } = writeFixture();
    const store = memoryStore();
    const source = await startSource(store);
    const read = source.status().bytes_read;
    const moved = path.join(projects, '-home-dev-beta-moved', 's2.jsonl');
    fs.mkdirSync(path.dirname(moved));
    fs.renameSync(s2, moved);
    await source.poke(true);
    expect(source.status()).toMatchObject({ files: 3, moves: 1, restarts: 0, bytes_read: read });
    fs.appendFileSync(moved, lines(responseLines(r5)));
    await source.poke();
    const s = await snapshot(store);
    expect(s.overview.claude_api.total_requests).toBe(5);
    expect(s.sessions.list.find((x) => x.session_id === 's2')).toMatchObject({ requests: 2 });
  });

  it('keeps the largest output when the full line comes before a streaming one', async () => {
    const [a, b] = responseLines({ ...r5, texts: ['one'], tools: [{ id: 'toolu_z', name: 'Read' }], streamingOutput: 3 });
    write('-p/s.jsonl', lines(b as string, a as string));
    const store = memoryStore();
    await startSource(store);
    const s = await snapshot(store);
    expect(s.overview.claude_api.total_requests).toBe(1);
    expect(s.overview.claude_api.total_output_tokens).toBe(9);
  });
});
