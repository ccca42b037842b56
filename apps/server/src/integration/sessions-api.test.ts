import { API_PATHS, sessionPage, sessionPath, sessionsList, type IngestEvent, type SessionListItem, type SessionPage } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { claudeSession, postHook } from '../test-support/hooks.js';
import { ingest, startServer, waitFor } from '../test-support/server.js';

/**
 * The sessions API end to end (issue 17 §1): the real server on a free port, sessions of several
 * agents, machines, projects and models ingested over HTTP with known totals, read back through
 * `GET /api/sessions` (totals, filters, sorts, keyset pages while new events arrive) and
 * `GET /api/sessions/:id` (requests and tools in time order, timeline), with 404s and 400s.
 */

// Whole minutes back, so each session's minutes are known.
const NOW = Math.floor(Date.now() / 60_000) * 60 - 600;
const AGENTS = [
  { agent: 'claude-code', models: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'] },
  { agent: 'codex', models: ['gpt-5-codex'] },
  { agent: 'gemini-cli', models: ['gemini-2.5-pro', 'gemini-2.5-flash'] },
] as const;
const MACHINES = ['build-01', 'laptop-02'] as const;
const PROJECTS = ['/work/shop', '/work/blog', '/srv/api'] as const;

interface Made {
  id: string;
  agent: string;
  machine: string;
  project: string;
  models: Set<string>;
  events: IngestEvent[];
  totals: Omit<SessionListItem, 'session_id' | 'agent' | 'machine' | 'project' | 'models' | 'state'>;
}

/** Session `i`: its requests and tool calls, and the totals they must add up to. */
function makeSession(i: number): Made {
  const { agent, models } = AGENTS[i % AGENTS.length] as (typeof AGENTS)[number];
  const machine = MACHINES[i % MACHINES.length] as string;
  const project = PROJECTS[i % PROJECTS.length] as string;
  const id = `sess-${String(i).padStart(2, '0')}-${agent}`;
  // Session i lives from `start` for (i % 5 + 1) minutes; later sessions are more recent.
  const start = NOW - 30 * 3600 + i * 7_200 + 13;
  const made: Made = {
    id, agent, machine, project, models: new Set(), events: [],
    totals: { first_seen: Infinity, last_seen: -Infinity, requests: 0, input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0, reasoning_tokens: 0, cost_usd: 0, tool_calls: 0, failed_tool_calls: 0 },
  };
  const t = made.totals;
  const requests = 2 + ((i * 7) % 9);
  for (let r = 0; r < requests; r++) {
    const model = models[r % models.length] as string;
    const ts = start + r * 20;
    const e = {
      type: 'api_request' as const, agent, machine, project, model, session_id: id, timestamp: ts,
      input_tokens: 1_000 + i * 10 + r, output_tokens: 200 + r, cache_creation_input_tokens: 30 * r, cache_read_input_tokens: 500 + i,
      reasoning_tokens: agent === 'claude-code' ? 0 : 50 + r, cost_usd: Math.round((0.01 + i * 0.013 + r * 0.002) * 1e6) / 1e6,
    };
    made.events.push(e);
    made.models.add(model);
    t.requests += 1;
    t.input_tokens += e.input_tokens;
    t.output_tokens += e.output_tokens;
    t.cache_creation_tokens += e.cache_creation_input_tokens;
    t.cache_read_tokens += e.cache_read_input_tokens;
    t.reasoning_tokens += e.reasoning_tokens;
    t.cost_usd += e.cost_usd;
    t.first_seen = Math.min(t.first_seen, ts);
    t.last_seen = Math.max(t.last_seen, ts);
  }
  const tools = i % 4;
  for (let k = 0; k < tools; k++) {
    const failed = (i + k) % 3 === 0;
    const ts = start + k * 20 + 5;
    made.events.push({ type: 'tool_call', agent, machine, project, session_id: id, tool: ['Bash', 'Read', 'Edit'][k % 3] as string, success: !failed, duration_ms: 100 + k, timestamp: ts });
    t.tool_calls += 1;
    if (failed) t.failed_tool_calls += 1;
    t.last_seen = Math.max(t.last_seen, ts);
  }
  return made;
}

const SESSIONS = Array.from({ length: 14 }, (_, i) => makeSession(i));
const byId = new Map(SESSIONS.map((s) => [s.id, s]));
const HOOKED = 'hooked-session';

let app: App;
beforeAll(async () => {
  app = await startServer({ machine: 'server-host' });
  // Interleaved, in batches: a session's events arrive in several requests.
  const all = SESSIONS.flatMap((s) => s.events).sort((a, b) => (a.timestamp as number) - (b.timestamp as number));
  for (let i = 0; i < all.length; i += 17) await ingest(app, all.slice(i, i + 17));
  // A session the hooks report on: working, with a subagent and a failed tool call.
  const c = claudeSession(HOOKED, '/work/hooks');
  for (const body of [c.start(), c.prompt('fix the build'), c.subagentStart('agent-7', 'Explore'), c.preTool('Bash', { command: 'make' }, 'toolu_h1'), c.toolFailed('Bash', { command: 'make' }, 'toolu_h1')]) {
    const res = await postHook(app, body);
    expect(res.status).toBe(200);
  }
  await ingest(app, { type: 'api_request', agent: 'claude-code', model: 'claude-sonnet-4-5-20250929', input_tokens: 10, output_tokens: 5, cost_usd: 0.02, session_id: HOOKED, project: '/work/hooks', timestamp: Date.now() / 1000 });
});
afterAll(async () => {
  await app?.close();
});

async function getJson(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${app.url}${path}`);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function list(query = ''): Promise<ReturnType<typeof sessionsList.parse>> {
  const { status, body } = await getJson(`${API_PATHS.sessions}${query}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return sessionsList.parse(body);
}

const ids = (l: { sessions: SessionListItem[] }) => l.sessions.map((s) => s.session_id);
const generated = (l: { sessions: SessionListItem[] }) => ids(l).filter((id) => byId.has(id));
const round = (n: number) => Math.round(n * 1e9) / 1e9;

describe('GET /api/sessions', () => {
  it('lists every session, newest activity first, with its exact totals, models and scope', async () => {
    const l = await list('?limit=500');
    expect(l.next_cursor).toBeNull();
    expect(ids(l)[0]).toBe(HOOKED);
    const expected = [...SESSIONS].sort((a, b) => b.totals.last_seen - a.totals.last_seen).map((s) => s.id);
    expect(generated(l)).toEqual(expected);
    for (const s of l.sessions) {
      const m = byId.get(s.session_id);
      if (!m) continue;
      expect({ ...s, cost_usd: round(s.cost_usd) }).toEqual({
        session_id: m.id, agent: m.agent, machine: m.machine, project: m.project, models: [...m.models].sort(), state: null,
        ...m.totals, cost_usd: round(m.totals.cost_usd),
      });
    }
    const hooked = l.sessions[0] as SessionListItem;
    expect(hooked).toMatchObject({ agent: 'claude-code', project: '/work/hooks', state: 'working', requests: 1, tool_calls: 1, failed_tool_calls: 1, models: ['claude-sonnet-4-5-20250929'] });
  });

  it('defaults to 50 a page, and filters by agent, machine, project, model, time and state', async () => {
    expect((await list()).sessions.length).toBe(SESSIONS.length + 1);
    const only = async (query: string, keep: (m: Made) => boolean) => {
      const l = await list(`?limit=500&${query}`);
      expect(generated(l).sort(), query).toEqual(SESSIONS.filter(keep).map((s) => s.id).sort());
      expect(generated(l).length, query).toBeGreaterThan(0);
      return l;
    };
    await only('agent=codex', (m) => m.agent === 'codex');
    await only('machine=laptop-02', (m) => m.machine === 'laptop-02');
    await only(`project=${encodeURIComponent('/srv/api')}`, (m) => m.project === '/srv/api');
    await only('model=gemini-2.5-flash', (m) => m.models.has('gemini-2.5-flash'));
    await only('agent=gemini-cli&machine=build-01', (m) => m.agent === 'gemini-cli' && m.machine === 'build-01');
    const mid = SESSIONS[6] as Made;
    await only(`from=${mid.totals.last_seen}`, (m) => m.totals.last_seen >= mid.totals.last_seen);
    await only(`to=${mid.totals.first_seen}`, (m) => m.totals.first_seen <= mid.totals.first_seen);
    await only(`from=${mid.totals.first_seen}&to=${mid.totals.last_seen}`, (m) => m.id === mid.id);
    expect(ids(await list('?state=working'))).toEqual([HOOKED]);
    expect(ids(await list('?state=ended'))).toEqual([]);
    expect(ids(await list('?agent=never-seen'))).toEqual([]);
  });

  it('q matches a project part, a session id prefix, or a model, case-insensitively; wildcards are text', async () => {
    const q = async (text: string) => generated(await list(`?limit=500&q=${encodeURIComponent(text)}`)).sort();
    expect(await q('BLOG')).toEqual(SESSIONS.filter((m) => m.project === '/work/blog').map((m) => m.id).sort());
    expect(await q('sess-1')).toEqual(SESSIONS.filter((m) => m.id.startsWith('sess-1')).map((m) => m.id).sort());
    expect(await q('gpt-5')).toEqual(SESSIONS.filter((m) => m.agent === 'codex').map((m) => m.id).sort());
    expect(await q('%')).toEqual([]);
    expect(await q('_')).toEqual([]);
  });

  it('sorts by cost, requests, tokens and duration, both ways, ties by id', async () => {
    const tokens = (m: Made) => m.totals.input_tokens + m.totals.output_tokens + m.totals.cache_creation_tokens + m.totals.cache_read_tokens;
    const keys: Record<string, (m: Made) => number> = {
      cost: (m) => m.totals.cost_usd,
      requests: (m) => m.totals.requests,
      tokens,
      duration: (m) => m.totals.last_seen - m.totals.first_seen,
      last_seen: (m) => m.totals.last_seen,
    };
    for (const [sort, key] of Object.entries(keys)) {
      for (const order of ['desc', 'asc'] as const) {
        const sign = order === 'desc' ? -1 : 1;
        const expected = [...SESSIONS]
          .sort((a, b) => sign * (round(key(a)) - round(key(b))) || sign * (a.id < b.id ? -1 : 1))
          .map((m) => m.id);
        expect(generated(await list(`?limit=500&sort=${sort}&order=${order}`)), `${sort} ${order}`).toEqual(expected);
      }
    }
  });

});

describe('GET /api/sessions/:id', () => {
  const read = async (id: string, query = ''): Promise<SessionPage> => {
    const { status, body } = await getJson(`${sessionPath(id)}${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return sessionPage.parse(body);
  };

  it('gives the session with its totals, its requests and tools in time order, and a per-minute timeline', async () => {
    const m = SESSIONS.find((s) => s.events.filter((e) => e.type === 'tool_call').length === 3 && s.agent === 'codex') as Made;
    const p = await read(m.id);
    expect({ ...p.session, cost_usd: round(p.session.cost_usd) }).toEqual({
      session_id: m.id, agent: m.agent, machine: m.machine, project: m.project, models: [...m.models].sort(), state: null,
      ...m.totals, cost_usd: round(m.totals.cost_usd), subagents: [], duration: m.totals.last_seen - m.totals.first_seen,
    });
    const reqs = m.events.filter((e) => e.type === 'api_request');
    expect(p.requests).toEqual(
      reqs.map((e) => ({
        ts: e.timestamp, model: e.model, input_tokens: e.input_tokens, output_tokens: e.output_tokens, cache_creation_tokens: e.cache_creation_input_tokens,
        cache_read_tokens: e.cache_read_input_tokens, reasoning_tokens: e.reasoning_tokens, cost_usd: e.cost_usd, duration_ms: null, source: 'event',
      })),
    );
    const tools = m.events.filter((e) => e.type === 'tool_call');
    expect(p.tools).toEqual(tools.map((e) => ({ ts: e.timestamp, name: e.tool, success: e.success, duration_ms: e.duration_ms, error: e.success ? null : 'failed' })));
    expect(p.errors).toEqual([]);
    // The timeline: one point per minute with activity, adding up to the totals.
    const minutes = new Set(m.events.map((e) => Math.floor((e.timestamp as number) / 60) * 60));
    expect(p.timeline.map((x) => x.t)).toEqual([...minutes].sort((a, b) => a - b));
    const sum = (f: (x: SessionPage['timeline'][number]) => number) => p.timeline.reduce((n, x) => n + f(x), 0);
    expect(sum((x) => x.requests)).toBe(m.totals.requests);
    expect(sum((x) => x.tool_calls)).toBe(m.totals.tool_calls);
    expect(round(sum((x) => x.cost))).toBe(round(m.totals.cost_usd));
    expect(sum((x) => x.tokens)).toBe(m.totals.input_tokens + m.totals.output_tokens + m.totals.cache_creation_tokens + m.totals.cache_read_tokens);
    expect(p.next_requests_cursor).toBeNull();
    expect(p.next_tools_cursor).toBeNull();
  });

  it('pages requests and tools with their own cursors', async () => {
    const m = SESSIONS.reduce((a, b) => (b.totals.requests > a.totals.requests ? b : a));
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p = await read(m.id, `?limit=3${cursor ? `&requests_cursor=${cursor}` : ''}`);
      seen.push(...p.requests.map((r) => r.input_tokens));
      cursor = p.next_requests_cursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(seen).toEqual(m.events.filter((e) => e.type === 'api_request').map((e) => e.input_tokens));
    expect(pages).toBe(Math.ceil(m.totals.requests / 3));
  });

  it('shows what the hooks reported: live state, subagents, a failed tool call', async () => {
    const p = await read(HOOKED);
    expect(p.session).toMatchObject({ state: 'working', subagents: [{ id: 'agent-7', type: 'Explore' }], tool_calls: 1, failed_tool_calls: 1 });
    expect(p.tools).toEqual([expect.objectContaining({ name: 'Bash', success: false, error: 'failed' })]);
  });

  it('reads a session whose id holds a slash, quotes and non-ASCII text', async () => {
    const odd = 'a/b "c" ü%';
    await ingest(app, { type: 'api_request', agent: 'codex', model: 'gpt-5-codex', input_tokens: 3, output_tokens: 2, cost_usd: 0.01, session_id: odd, timestamp: NOW });
    const p = await read(odd);
    expect(p.session).toMatchObject({ session_id: odd, requests: 1, input_tokens: 3 });
    expect(p.requests.map((r) => r.input_tokens)).toEqual([3]);
  });

  it('answers 404 with a JSON error for an unknown session', async () => {
    const { status, body } = await getJson(sessionPath('no-such-session'));
    expect(status).toBe(404);
    expect(body.error).toMatch(/no session "no-such-session"/);
  });
});

describe('bad query values', () => {
  it('are refused with 400 naming the field, and nothing breaks', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?limit=0', /^limit:/],
      ['?limit=501', /^limit:/],
      ['?limit=abc', /^limit:/],
      ['?limit=2.5', /^limit:/],
      ['?sort=price', /^sort:/],
      ['?order=up', /^order:/],
      ['?state=sleeping', /^state:/],
      ['?agent=Not%20An%20Agent', /^agent:/],
      ['?machine=bad%2Fname', /^machine:/],
      ['?from=yesterday', /^from:/],
      ['?to=-5', /^to:/],
      ['?cursor=%21%21%21', /^cursor:/],
      ['?cursor=bm9wZQ', /^cursor:/],
      [`?q=${'x'.repeat(300)}`, /^q:/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await getJson(`${API_PATHS.sessions}${query}`);
      expect(status, query).toBe(400);
      expect(body.error, query).toMatch(message);
    }
    // A cursor made for one sort is refused for another.
    const l = await list('?limit=2&sort=cost');
    const { status, body } = await getJson(`${API_PATHS.sessions}?limit=2&sort=requests&cursor=${l.next_cursor}`);
    expect(status).toBe(400);
    expect(body.error).toMatch(/^cursor: was given for another sort/);

    const id = (SESSIONS[0] as Made).id;
    for (const [query, message] of [['?limit=1001', /^limit:/], ['?requests_cursor=zzz', /^requests_cursor:/], ['?tools_cursor=%3D%3D', /^tools_cursor:/]] as const) {
      const res = await getJson(`${sessionPath(id)}${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error, query).toMatch(message);
    }
    expect((await list('?limit=1')).sessions.length).toBe(1);
  });
});

describe('with a read token', () => {
  it('the sessions API needs it, as the other read endpoints do', async () => {
    const token = 'sessions-read-token-0123456789abcdef';
    const guarded = await startServer({ token });
    try {
      await waitFor(async () => (await fetch(`${guarded.url}${API_PATHS.health}`)).ok, 5_000, 'server up');
      for (const path of [API_PATHS.sessions, sessionPath('x')]) {
        expect((await fetch(`${guarded.url}${path}`)).status, path).toBe(401);
        const res = await fetch(`${guarded.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, path).toBe(path === API_PATHS.sessions ? 200 : 404);
      }
    } finally {
      await guarded.close();
    }
  });
});

// Last: it adds requests to listed sessions, changing their totals.
describe('keyset paging', () => {
  it('pages through every session exactly once with next_cursor while new events arrive between pages', async () => {
    for (const sort of ['last_seen', 'cost', 'duration']) {
      const before = new Set(ids(await list('?limit=500')));
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const l = await list(`?limit=4&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(l.sessions.length).toBeLessThanOrEqual(4);
        seen.push(...ids(l));
        cursor = l.next_cursor;
        // Between pages: a brand-new session, and a new request of a session already listed
        // (its activity and cost grow: it moves before the cursor, so it is not listed again).
        const listed = seen[0] as string;
        const newer = Date.now() / 1000;
        await ingest(app, [
          { type: 'api_request', agent: 'codex', model: 'gpt-5-codex', input_tokens: 1, output_tokens: 1, cost_usd: 50, session_id: `late-${sort}-${page}`, timestamp: newer },
          { type: 'api_request', agent: 'codex', model: 'gpt-5-codex', input_tokens: 1, output_tokens: 1, cost_usd: 50, session_id: listed, timestamp: newer },
        ]);
        page += 1;
      } while (cursor !== null && page < 50);
      expect(new Set(seen).size, 'no session twice').toBe(seen.length);
      for (const id of before) expect(seen, `${sort}: ${id}`).toContain(id);
      expect(page).toBeGreaterThan(3);
    }
  });
});
