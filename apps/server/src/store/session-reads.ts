import type { LiveState, SessionDetail, SessionError, SessionListItem, SessionPage, SessionRequest, SessionsQuery, SessionTimelinePoint, SessionTool } from '@amiga/protocol';
import type { EventOf } from './event.js';
import { SESSION_CALLS, SESSION_ROW, sessionEventsSql, sessionModelsSql, sessionTimelineSql, sessionTotalsSql, listSessionsSql, type SessionsDialect } from './session-queries.js';

/** Where a keyset page starts: after this sort key and session id. */
export interface SessionListAfter {
  key: number;
  id: string;
}

/** `GET /api/sessions` as the store reads it: the filters, and the decoded cursor. */
export interface SessionListQuery extends Omit<SessionsQuery, 'cursor'> {
  after?: SessionListAfter;
}

export interface SessionListPage {
  sessions: SessionListItem[];
  /** Where the next page starts; null on the last page. */
  next: SessionListAfter | null;
}

/** Where a page of a session's requests or tools starts: after this event. */
export interface EventAfter {
  ts: number;
  id: number;
}

export interface SessionReadQuery {
  id: string;
  /** Requests and tools per page. */
  limit: number;
  requestsAfter?: EventAfter;
  toolsAfter?: EventAfter;
}

/** Errors listed per session page (the oldest first). */
export const SESSION_ERRORS_LIMIT = 1000;

export interface SessionRead {
  page: Omit<SessionPage, 'next_requests_cursor' | 'next_tools_cursor'>;
  nextRequests: EventAfter | null;
  nextTools: EventAfter | null;
}

/** Runs one statement of session-queries.ts (`@name` parameters) and returns its rows. */
export type RunSql = (text: string, params: Record<string, unknown>) => Promise<Array<Record<string, unknown>>>;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

interface SessionRow {
  id: string;
  agent: string;
  machine: string;
  project: string | null;
  first_seen: number;
  last_seen: number;
  state: LiveState | null;
  subagents?: string | null;
}

/** The listed sessions with their totals and models, in the order given. */
async function withTotals(run: RunSql, rows: readonly SessionRow[], d: SessionsDialect): Promise<SessionListItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const totalsQ = sessionTotalsSql(ids, d);
  const modelsQ = sessionModelsSql(ids, d);
  const totals = new Map((await run(totalsQ.text, totalsQ.params)).map((t) => [String(t.key), t]));
  const models = new Map<string, string[]>();
  for (const m of await run(modelsQ.text, modelsQ.params)) {
    if (m.model === null || m.model === undefined) continue;
    const sid = d.fromJson(String(m.sid));
    models.set(sid, [...(models.get(sid) ?? []), d.fromJson(String(m.model))]);
  }
  return rows.map((r) => {
    const t = totals.get(r.id) ?? {};
    return {
      session_id: r.id,
      agent: r.agent,
      machine: r.machine,
      project: r.project,
      models: (models.get(r.id) ?? []).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      first_seen: num(r.first_seen),
      last_seen: num(r.last_seen),
      requests: num(t.requests),
      input_tokens: num(t.input_tokens),
      output_tokens: num(t.output_tokens),
      cache_creation_tokens: num(t.cache_creation_tokens),
      cache_read_tokens: num(t.cache_read_tokens),
      reasoning_tokens: num(t.reasoning_tokens),
      cost_usd: num(t.cost_usd),
      tool_calls: num(t.calls),
      failed_tool_calls: num(t.failed),
      state: r.state ?? null,
    };
  });
}

/** `Store.listSessions` over a dialect and a statement runner. */
export async function listSessions(run: RunSql, q: SessionListQuery, d: SessionsDialect): Promise<SessionListPage> {
  const { text, params } = listSessionsSql(q, d);
  const rows = (await run(text, params)) as unknown as Array<SessionRow & { sk: number }>;
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    sessions: await withTotals(run, page, d),
    next: rows.length > q.limit && last ? { key: num(last.sk), id: last.id } : null,
  };
}

/** Parses a subagents column (JSON text), none when absent or unreadable. */
function subagentsOf(text: string | null | undefined): SessionDetail['subagents'] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as SessionDetail['subagents']).map((s) => ({ id: String(s.id), type: s.type ?? null })) : [];
  } catch {
    return [];
  }
}

type EventRow = { id: number; ts: number; description: string; data: string };

/** A page of events and where the next one starts (one more row than `limit` was read). */
function paged(rows: readonly EventRow[], limit: number): { rows: EventRow[]; next: EventAfter | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { ts: num(last.ts), id: num(last.id) } : null };
}

/** Where a request came from, as far as its stored event tells: a source tag, a transcript, or `event`. */
function sourceOf(e: EventOf<'api_request'>): string {
  const tag = /^\[([^\]]{1,64})\] /.exec(e.description);
  if (tag) return tag[1] as string;
  return e.mergeMax ? 'transcript' : 'event';
}

const toRequest = (r: EventRow): SessionRequest => {
  const e = JSON.parse(r.data) as EventOf<'api_request'>;
  return {
    ts: num(r.ts),
    model: e.model,
    input_tokens: e.inputTokens,
    output_tokens: e.outputTokens,
    cache_creation_tokens: e.cacheCreationTokens,
    cache_read_tokens: e.cacheReadTokens,
    reasoning_tokens: e.reasoningTokens ?? 0,
    cost_usd: e.costUsd ?? null,
    duration_ms: null,
    source: sourceOf(e),
  };
};

/** A tool call, with the outcome a later report filled in (`calls`, by key) when there is one. */
const toTool = (r: EventRow, calls: ReadonlyMap<string, { success: boolean | null; duration: number | null }>): SessionTool => {
  const e = JSON.parse(r.data) as EventOf<'tool_call'>;
  const filled = e.callId != null ? calls.get(`tool:${e.callId}`) : undefined;
  const success = filled ? filled.success : e.success;
  return {
    ts: num(r.ts),
    name: e.tool,
    success,
    duration_ms: filled?.duration ?? e.durationMs ?? null,
    error: success === false ? 'failed' : null,
  };
};

/** An API error's message: its description after the `API error (model): ` it starts with. */
const toError = (r: EventRow): SessionError => {
  const at = r.description.indexOf(': ');
  return { ts: num(r.ts), kind: 'api_error', message: at >= 0 ? r.description.slice(at + 2) : r.description };
};

/** `Store.readSession` over a dialect and a statement runner; null for an unknown session. */
export async function readSession(run: RunSql, q: SessionReadQuery, d: SessionsDialect): Promise<SessionRead | null> {
  const [row] = (await run(SESSION_ROW, { id: q.id })) as unknown as SessionRow[];
  if (!row) return null;
  const [summary] = await withTotals(run, [row], d);
  const key = d.jsonValue(row.id);
  const events = async (type: 'api_request' | 'tool_call' | 'activity', limit: number, after?: EventAfter) => {
    const { text, params } = sessionEventsSql(type, key, limit, after, d);
    return (await run(text, params)) as unknown as EventRow[];
  };
  const requests = paged(await events('api_request', q.limit + 1, q.requestsAfter), q.limit);
  const tools = paged(await events('tool_call', q.limit + 1, q.toolsAfter), q.limit);
  const errors = (await events('activity', SESSION_ERRORS_LIMIT)).filter((r) => (JSON.parse(r.data) as { type?: string }).type === 'api_error');
  const calls = new Map(
    (await run(SESSION_CALLS, { id: row.id })).map((c) => [
      String(c.key),
      { success: c.success === null ? null : Boolean(c.success), duration: c.duration_ms === null ? null : Number(c.duration_ms) },
    ]),
  );
  const timeline = (await run(sessionTimelineSql(d), { id: row.id })).map(
    (t): SessionTimelinePoint => ({ t: num(t.t), cost: num(t.cost), tokens: num(t.tokens), requests: num(t.requests), tool_calls: num(t.tool_calls) }),
  );
  const session: SessionDetail = { ...(summary as SessionListItem), subagents: subagentsOf(row.subagents), duration: Math.max(0, num(row.last_seen) - num(row.first_seen)) };
  return {
    page: { session, requests: requests.rows.map(toRequest), tools: tools.rows.map((r) => toTool(r, calls)), errors: errors.map(toError), timeline },
    nextRequests: requests.next,
    nextTools: tools.next,
  };
}
