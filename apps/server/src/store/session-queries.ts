import type { SessionSort } from '@amiga/protocol';
import type { SessionListQuery } from './session-reads.js';

/**
 * The SQL of the sessions API (issue 17), with `@name` parameters, for both stores. Where
 * they differ (how an event's session id and model are read from its JSON) a dialect says.
 * Session totals come from the per-session rollups (dim `s`, every bucket); a session's
 * requests, tools and errors from its events, through the `events_session` index (migration 10).
 */
export interface SessionsDialect {
  /** An event's session id, as the `events_session` index holds it. */
  eventSession: string;
  /** The value `eventSession` holds for a session id held in the SQL expression `column`. */
  sessionKeyOf(column: string): string;
  /** An API request event's model, as `jsonValue` gives it. */
  eventModel: string;
  /** A text as `eventSession` and `eventModel` hold it (SQLite: itself; PostgreSQL: its JSON literal). */
  jsonValue(text: string): string;
  /** Reads an `eventModel` value back. */
  fromJson(value: string): string;
  /** The events table read by session, as `e` (SQLite names the index: its planner would take the requests' partial one). */
  sessionEvents: string;
  /** The rollup tables read per session (SQLite names the partial index, the planner has no statistics). */
  sessionHour: string;
  sessionMinute: string;
}

/** Tokens of every kind together. */
const TOKENS = 'input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens';

/** A session's sort key, for the listed session `s`. */
function sortKey(sort: SessionSort, d: SessionsDialect): string {
  const sum = (what: string) => `(SELECT COALESCE(SUM(${what}), 0) FROM ${d.sessionHour} WHERE dim = 's' AND key = s.id)`;
  switch (sort) {
    case 'last_seen':
      return 's.last_seen';
    case 'duration':
      return '(s.last_seen - s.first_seen)';
    case 'cost':
      return sum('cost_usd');
    case 'requests':
      return sum('requests');
    case 'tokens':
      return sum(TOKENS);
  }
}

/** LIKE pattern text with its wildcards escaped (escape character `!`). */
const likeText = (s: string) => s.replace(/[!%_]/g, (c) => `!${c}`);

/** The list's page: sessions under the filters, after the cursor, one more than `limit` (is there a next page?). */
export function listSessionsSql(q: SessionListQuery, d: SessionsDialect): { text: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit + 1 };
  const add = (clause: string, values: Record<string, unknown>) => {
    where.push(clause);
    Object.assign(params, values);
  };
  if (q.agent !== undefined) add('s.agent = @agent', { agent: q.agent });
  if (q.machine !== undefined) add('s.machine = @machine', { machine: q.machine });
  if (q.project !== undefined) add('s.project = @project', { project: q.project });
  if (q.from !== undefined) add('s.last_seen >= @from', { from: q.from });
  if (q.to !== undefined) add('s.first_seen <= @to', { to: q.to });
  if (q.state !== undefined) add('l.state = @state', { state: q.state });
  if (q.model !== undefined) {
    add(`EXISTS (SELECT 1 FROM ${d.sessionEvents} WHERE ${d.eventSession} = ${d.sessionKeyOf('s.id')} AND e.type = 'api_request' AND ${d.eventModel} = @model)`, {
      model: d.jsonValue(q.model),
    });
  }
  if (q.q !== undefined) {
    const any = `%${likeText(q.q.toLowerCase())}%`;
    add("(LOWER(s.project) LIKE @qAny ESCAPE '!' OR LOWER(s.id) LIKE @qPrefix ESCAPE '!' OR LOWER(s.model) LIKE @qAny ESCAPE '!')", {
      qAny: any,
      qPrefix: `${likeText(q.q.toLowerCase())}%`,
    });
  }
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const inner = `SELECT s.id, s.agent, s.machine, s.project, s.first_seen, s.last_seen, l.state, ${sortKey(q.sort, d)} AS sk
    FROM sessions s LEFT JOIN live_sessions l ON l.session_id = s.id
    ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  let after = '';
  if (q.after) {
    const op = q.order === 'asc' ? '>' : '<';
    after = `WHERE (p.sk ${op} @afterKey OR (p.sk = @afterKey AND p.id ${op} @afterId))`;
    Object.assign(params, { afterKey: q.after.key, afterId: q.after.id });
  }
  return { text: `SELECT * FROM (${inner}) p ${after} ORDER BY p.sk ${dir}, p.id ${dir} LIMIT @limit`, params };
}

/** `IN (@k0, @k1, …)` and its parameters. */
export function inList(values: readonly string[], prefix = 'k'): { list: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  values.forEach((v, i) => (params[`${prefix}${i}`] = v));
  return { list: `(${values.map((_, i) => `@${prefix}${i}`).join(', ')})`, params };
}

/** Every total of the sessions `ids` (their rollup rows over all buckets), one row per session. */
export function sessionTotalsSql(ids: readonly string[], d: SessionsDialect): { text: string; params: Record<string, unknown> } {
  const { list, params } = inList(ids);
  return {
    text: `SELECT key, SUM(requests) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
        SUM(cache_creation_tokens) AS cache_creation_tokens, SUM(cache_read_tokens) AS cache_read_tokens,
        SUM(reasoning_tokens) AS reasoning_tokens, SUM(cost_usd) AS cost_usd, SUM(calls) AS calls, SUM(failed) AS failed
      FROM ${d.sessionHour} WHERE dim = 's' AND key IN ${list} GROUP BY key`,
    params,
  };
}

/** The models each of the sessions `ids` made requests to (values as `dialect.eventModel` gives them). */
export function sessionModelsSql(ids: readonly string[], d: SessionsDialect): { text: string; params: Record<string, unknown> } {
  const { list, params } = inList(ids.map((id) => d.jsonValue(id)));
  return {
    text: `SELECT ${d.eventSession} AS sid, ${d.eventModel} AS model FROM ${d.sessionEvents}
      WHERE ${d.eventSession} IN ${list} AND e.type = 'api_request' GROUP BY 1, 2`,
    params,
  };
}

/** One session's row, with its live state and subagents when the hooks reported them. */
export const SESSION_ROW = `SELECT s.id, s.agent, s.machine, s.project, s.first_seen, s.last_seen, l.state, l.subagents
  FROM sessions s LEFT JOIN live_sessions l ON l.session_id = s.id WHERE s.id = @id`;

/**
 * One session's events of `type` (api_request, tool_call, or activity: API errors are stored as
 * activity rows), oldest first, after (`ts`, event id) when given, at most `limit`.
 */
export function sessionEventsSql(
  type: 'api_request' | 'tool_call' | 'activity',
  key: string,
  limit: number,
  after: { ts: number; id: number } | undefined,
  d: SessionsDialect,
): { text: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = { key, type, limit };
  let since = '';
  if (after) {
    since = 'AND (e.ts > @afterTs OR (e.ts = @afterTs AND e.id > @afterId))';
    Object.assign(params, { afterTs: after.ts, afterId: after.id });
  }
  return {
    text: `SELECT e.id, e.ts, e.description, e.data FROM ${d.sessionEvents} WHERE ${d.eventSession} = @key AND e.type = @type ${since}
      ORDER BY e.ts, e.id LIMIT @limit`,
    params,
  };
}

/** The outcomes of a session's keyed tool calls (a later report may have filled one in). */
export const SESSION_CALLS = 'SELECT key, success, duration_ms FROM tool_calls WHERE session_id = @id';

/** A session's activity per minute. */
export const sessionTimelineSql = (d: SessionsDialect): string => `SELECT bucket AS t, SUM(cost_usd) AS cost, SUM(${TOKENS}) AS tokens,
    SUM(requests) AS requests, SUM(calls) AS tool_calls
  FROM ${d.sessionMinute} WHERE dim = 's' AND key = @id GROUP BY bucket ORDER BY bucket`;
