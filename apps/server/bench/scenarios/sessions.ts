import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIVE_STATES, type IngestEvent } from '@amiga/protocol';
import pg from 'pg';
import { normalizeEvent } from '../../src/ingest/normalize.js';
import type { LiveWrite } from '../../src/store/live.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { StoredEvent } from '../../src/store/event.js';
import type { Store } from '../../src/store/store.js';
import { startPostgres } from '../../src/test-support/services/postgres.js';
import { summarize } from '../lib/stats.js';
import { startTarget } from '../lib/targets.js';

/**
 * `GET /api/sessions` and `GET /api/sessions/:id` (issue 17) over HTTP, end to end against the
 * production server (dist/index.js, pinned to its own core), on a store filled directly through
 * `store.ingest` with 100,000 sessions and one session of 5,000 requests.
 */
const AGENTS = ['claude-code', 'codex', 'gemini-cli'] as const;
const AGENT_MODELS: Record<string, string[]> = {
  'claude-code': ['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001'],
  codex: ['gpt-5-codex', 'gpt-5.1-codex-mini'],
  'gemini-cli': ['gemini-2.5-pro', 'gemini-2.5-flash'],
};
const MACHINES = ['laptop', 'build-01', 'build-02', 'workstation'];
const PROJECTS = 200;
const TOOLS = ['Read', 'Edit', 'Bash', 'Grep', 'Glob', 'Write', 'WebFetch', 'Task', 'TodoWrite'];
const DAYS = 30;
export const BIG_SESSION = 'big-session-5000';

const agentOf = (n: number) => AGENTS[n % 20 < 12 ? 0 : n % 20 < 17 ? 1 : 2] as string;
/** A session id as agents make them: a UUID-like, hex-prefixed string. */
export const sessionId = (n: number) => `${((n * 2654435761) >>> 0).toString(16).padStart(8, '0')}-4b1e-${String(n).padStart(12, '0')}`;

/** Session `n`'s events: 3–14 requests and 2–9 tool calls (one in 7 failing), 20 s apart, from `start`. */
function sessionEvents(n: number, start: number, requests: number, tools: number): IngestEvent[] {
  const agent = agentOf(n);
  const models = AGENT_MODELS[agent] as string[];
  const scope = { agent, machine: MACHINES[Math.abs(n) % MACHINES.length] as string, session_id: n < 0 ? BIG_SESSION : sessionId(n), project: `/work/repo-${Math.abs(n) % PROJECTS}` };
  const out: IngestEvent[] = [];
  const total = requests + tools;
  let r = 0;
  let t = 0;
  for (let k = 0; k < total; k++) {
    const ts = start + k * 20;
    const i = Math.abs(n) + k;
    // Requests and tools interleaved, requests first when both are due.
    if (r < requests && (t >= tools || r * tools <= t * requests)) {
      r++;
      out.push({
        ...scope,
        type: 'api_request',
        model: models[(Math.abs(n) + (k % 3 === 2 ? 1 : 0)) % models.length] as string,
        input_tokens: 1000 + (i % 9000),
        output_tokens: 100 + (i % 2000),
        cache_read_input_tokens: 10_000 + (i % 50_000),
        cache_creation_input_tokens: i % 4000,
        timestamp: ts,
      });
    } else {
      t++;
      const failed = i % 7 === 0;
      out.push({ ...scope, type: 'tool_call', tool: TOOLS[i % TOOLS.length] as string, success: !failed, duration_ms: 10 + (i % 5000), timestamp: ts });
    }
  }
  return out;
}

/** Fills `store` with `sessions` sessions over DAYS days, plus BIG_SESSION (5,000 requests, 2,500 tool calls) in the last day. */
export async function fill(store: Store, sessions: number, now: number): Promise<{ events: number; seconds: number }> {
  const t0 = performance.now();
  const span = DAYS * 86_400;
  let events = 0;
  let batch: StoredEvent[] = [];
  let live: LiveWrite[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.ingest(batch, live.length > 0 ? { live } : {});
    events += batch.length;
    batch = [];
    live = [];
  };
  for (let n = 0; n < sessions; n++) {
    const start = now - span + (n / sessions) * (span - 3600);
    const list = sessionEvents(n, start, 3 + (n % 12), 2 + (n % 8));
    for (const e of list) batch.push(normalizeEvent(e, { now }));
    // One session in ten reports its live state through the hooks (Claude Code only).
    if (agentOf(n) === 'claude-code' && n % 10 === 0) {
      const last = start + list.length * 20;
      const row = { sessionId: sessionId(n), agent: 'claude-code', project: `/work/repo-${n % PROJECTS}`, state: LIVE_STATES[(n / 10) % LIVE_STATES.length] as (typeof LIVE_STATES)[number], since: last, tool: null, message: null, subagents: [], lastEventAt: last };
      live.push({ kind: 'apply', sessionId: row.sessionId, next: () => row });
    }
    if (batch.length >= 20_000) await flush();
  }
  const bigStart = now - 86_400 + 60;
  for (const e of sessionEvents(-1, bigStart, 5000, 2500)) {
    batch.push(normalizeEvent(e, { now }));
    if (batch.length >= 20_000) await flush();
  }
  await flush();
  return { events, seconds: Math.round((performance.now() - t0) / 1000) };
}

interface Case {
  name: string;
  /** One measured call: the time of the request that counts (ms). */
  run(base: string): Promise<number>;
}

async function timedGet(url: string): Promise<{ ms: number; body: unknown }> {
  const t = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, body };
}

function cases(now: number, sessions: number): Case[] {
  const some = sessionId(Math.floor(sessions * 0.54321));
  const list = (name: string, query: string, check?: (body: { sessions: unknown[] }) => void): Case => ({
    name,
    run: async (base) => {
      const { ms, body } = await timedGet(`${base}/api/sessions${query ? `?${query}` : ''}`);
      const b = body as { sessions: unknown[] };
      if (b.sessions.length === 0) throw new Error(`${name}: no sessions`);
      check?.(b);
      return ms;
    },
  });
  const out: Case[] = [
    list('list default', ''),
    list('filter agent=codex', 'agent=codex'),
    list('filter agent=gemini-cli', 'agent=gemini-cli'),
    list('filter machine=build-02', 'machine=build-02'),
    list('filter project=/work/repo-17', 'project=%2Fwork%2Frepo-17'),
    list('filter model=gpt-5-codex', 'model=gpt-5-codex'),
    list('filter model=gemini-2.5-flash', 'model=gemini-2.5-flash'),
    list('filter q=repo-17 (project part)', 'q=repo-17'),
    list(`filter q=${some.slice(0, 4)} (id prefix)`, `q=${some.slice(0, 4)}`),
    // Not `working`: the server's sweep turns working sessions silent for minutes into `stale` at start.
    list('filter state=needs_input', 'state=needs_input'),
    list('filter from=now-1d', `from=${Math.floor(now - 86_400)}`),
    list('filter to=now-29d', `to=${Math.floor(now - 29 * 86_400)}`),
    list('filter from..to (one day, 15 days ago)', `from=${Math.floor(now - 15 * 86_400)}&to=${Math.floor(now - 14 * 86_400)}`),
  ];
  for (const sort of ['cost', 'requests', 'tokens', 'duration', 'last_seen']) out.push(list(`sort ${sort}`, `sort=${sort}`));
  out.push({
    name: 'page 10 via cursor (time of page 10)',
    run: async (base) => {
      let cursor: string | null = null;
      let ms = 0;
      for (let p = 1; p <= 10; p++) {
        const r = await timedGet(`${base}/api/sessions${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        cursor = (r.body as { next_cursor: string | null }).next_cursor;
        ms = r.ms;
        if (!cursor) throw new Error(`no page ${p + 1}`);
      }
      return ms;
    },
  });
  out.push({
    name: 'page 10 via cursor, sort cost (time of page 10)',
    run: async (base) => {
      let cursor: string | null = null;
      let ms = 0;
      for (let p = 1; p <= 10; p++) {
        const r = await timedGet(`${base}/api/sessions?sort=cost${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        cursor = (r.body as { next_cursor: string | null }).next_cursor;
        ms = r.ms;
        if (!cursor) throw new Error(`no page ${p + 1}`);
      }
      return ms;
    },
  });
  out.push({
    name: 'session page, 5,000 requests (first 1,000 + tools + timeline)',
    run: async (base) => {
      const { ms, body } = await timedGet(`${base}/api/sessions/${BIG_SESSION}`);
      const b = body as { session: { requests: number }; requests: unknown[] };
      if (b.session.requests !== 5000 || b.requests.length !== 1000) throw new Error(`big session: ${b.session.requests} requests, ${b.requests.length} listed`);
      return ms;
    },
  });
  out.push({
    name: 'session page, a typical session (~14 events)',
    run: async (base) => (await timedGet(`${base}/api/sessions/${some}`)).ms,
  });
  return out;
}

/** Every case `perRound` times per round, rounds interleaved; per case: best, median, p99 of all samples, and the median of each round's median. */
async function measure(base: string, all: Case[], rounds: number, perRound: number) {
  // Warm up: statements prepared, pages cached.
  for (const c of all) await c.run(base);
  const samples = new Map<string, number[]>(all.map((c) => [c.name, []]));
  const roundMedians = new Map<string, number[]>(all.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const c of all) {
      const mine: number[] = [];
      for (let k = 0; k < perRound; k++) mine.push(await c.run(base));
      samples.get(c.name)?.push(...mine);
      roundMedians.get(c.name)?.push(summarize(mine).p50);
    }
  }
  return all.map((c) => {
    const s = summarize(samples.get(c.name) ?? []);
    const rm = [...(roundMedians.get(c.name) ?? [])].sort((a, b) => a - b);
    const best = Math.min(...(samples.get(c.name) ?? []));
    return { case: c.name, best_ms: Math.round(best * 10) / 10, p50_ms: s.p50, p99_ms: s.p99, best_round_median_ms: rm[0], median_round_median_ms: rm[Math.floor(rm.length / 2)], n: s.n, under_50ms: s.p50 <= 50 };
  });
}

export async function sessionsApiBench({ cpu, sessions, rounds, perRound, stores }: { cpu: number; sessions: number; rounds: number; perRound: number; stores: Array<'sqlite' | 'postgres'> }) {
  const now = Date.now() / 1000;
  const out: Record<string, unknown> = { name: 'sessions-api', sessions, big_session_requests: 5000, big_session_tool_calls: 2500, measured: 'over HTTP against dist/index.js (server pinned to its core, client on another)', rounds, per_round: perRound };
  for (const kind of stores) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-sessions-bench-'));
    let pgService: Awaited<ReturnType<typeof startPostgres>> | undefined;
    try {
      let env: Record<string, string> = {};
      let dbPath: string | undefined;
      let store: Store;
      if (kind === 'sqlite') {
        dbPath = path.join(dir, 'store.db');
        store = new SqliteStore({ path: dbPath, synchronous: 'NORMAL' });
      } else {
        pgService = await startPostgres();
        const url = await pgService.createDatabase('sessions_bench');
        env = { MONITORING_DATABASE_URL: url };
        store = await PostgresStore.open({ url });
      }
      const loaded = await fill(store, sessions, now);
      await store.close();
      if (kind === 'postgres') {
        // Statistics as autovacuum would have gathered them by now on a store that grew over 30 days.
        const client = new pg.Client({ connectionString: env.MONITORING_DATABASE_URL });
        await client.connect();
        await client.query('ANALYZE');
        await client.end();
      }
      process.stderr.write(`sessions-api ${kind}: ${loaded.events} events in ${loaded.seconds} s\n`);
      const server = await startTarget('amiga', { cpu, ...(dbPath ? { dbPath } : {}), env });
      try {
        const measured = { events: loaded.events, load_seconds: loaded.seconds, ...(dbPath ? { db_mb: Math.round(fs.statSync(dbPath).size / 2 ** 20) } : {}), results: await measure(server.base, cases(now, sessions), rounds, perRound) };
        out[kind] = measured;
        process.stderr.write(`sessions-api ${kind}: ${JSON.stringify(measured)}\n`);
      } finally {
        await server.stop();
      }
    } catch (err) {
      out[kind] = { error: String(err) };
    } finally {
      await pgService?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
