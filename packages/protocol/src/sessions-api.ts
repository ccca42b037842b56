import { z } from 'zod';
import { liveState } from './live.js';
import { agentId, machineName } from './scope.js';

/**
 * The sessions API (issue 17 §1): `GET /api/sessions` lists sessions with their totals,
 * `GET /api/sessions/:id` is one session request by request and tool by tool.
 */

/** What `sort` orders the list by (always newest / largest first unless `order=asc`); default `last_seen`. */
export const SESSION_SORTS = ['last_seen', 'cost', 'requests', 'tokens', 'duration'] as const;
export const sessionSort = z.enum(SESSION_SORTS);
export type SessionSort = z.infer<typeof sessionSort>;

/** Sessions listed per page: 1..500, default 50. */
export const SESSIONS_LIMIT = { min: 1, max: 500, default: 50 } as const;
/** Requests and tools of a session page per page: 1..1000, default 1000. */
export const SESSION_ROWS_LIMIT = { min: 1, max: 1000, default: 1000 } as const;

/** One value of a query string (several when repeated: the first counts); empty is absent. */
const one = (value: unknown): unknown => {
  const v = Array.isArray(value) ? value[0] : value;
  return v === '' ? undefined : v;
};
/** A query text that reads as a number becomes one; any other text stays, so the schema names the bad field. */
const asNumber = (value: unknown): unknown => {
  const v = one(value);
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};
const text = <T extends z.ZodType>(schema: T) => z.preprocess(one, schema.optional());
const number = <T extends z.ZodType>(schema: T) => z.preprocess(asNumber, schema.optional());
const seconds = number(z.number({ message: 'must be Unix seconds' }).finite().min(0, { message: 'must be Unix seconds' }));
/** An opaque cursor, as a previous answer's `next_cursor` gave it. */
const cursor = text(z.string().max(512).regex(/^[A-Za-z0-9_-]+$/, { message: 'must be a next_cursor of a previous answer' }));
const limit = (l: { min: number; max: number; default: number }) =>
  z.preprocess(asNumber, z.number({ message: `must be an integer ${l.min}-${l.max}` }).int({ message: `must be an integer ${l.min}-${l.max}` }).min(l.min).max(l.max).default(l.default));

/**
 * `GET /api/sessions?agent&machine&project&model&q&from&to&state&sort&order&limit&cursor`. Every filter is
 * optional; a bad value is a 400 naming its field.
 */
export const sessionsQuery = z.object({
  agent: text(agentId),
  machine: text(machineName),
  /** The session's project (exact). */
  project: text(z.string().max(4096)),
  /** Sessions that made at least one request to this model (exact). */
  model: text(z.string().max(256)),
  /** Matches the project (a part of it), a session id prefix, or the session's model (a part of it), case-insensitively. */
  q: text(z.string().max(256)),
  /** Sessions active at or after `from` (last activity ≥ from), Unix seconds. */
  from: seconds,
  /** Sessions active at or before `to` (first activity ≤ to), Unix seconds. */
  to: seconds,
  /** The live state the hooks last reported. */
  state: text(liveState),
  sort: z.preprocess(one, sessionSort.default('last_seen')),
  /** `desc` (default): newest or largest first. */
  order: z.preprocess(one, z.enum(['desc', 'asc']).default('desc')),
  limit: limit(SESSIONS_LIMIT),
  cursor,
});
export type SessionsQuery = z.output<typeof sessionsQuery>;

/** `GET /api/sessions/:id?limit&requests_cursor&tools_cursor`: requests and tools are paged past `limit` (default 1000) each. */
export const sessionQuery = z.object({
  limit: limit(SESSION_ROWS_LIMIT),
  requests_cursor: cursor,
  tools_cursor: cursor,
});
export type SessionQuery = z.output<typeof sessionQuery>;

const count = z.number().int().nonnegative();

/** One session of the list, with its totals over its whole life. */
export const sessionListItem = z.object({
  session_id: z.string(),
  agent: z.string(),
  machine: z.string(),
  project: z.string().nullable(),
  /** Every model it made a request to, in name order. */
  models: z.array(z.string()),
  first_seen: z.number(),
  last_seen: z.number(),
  requests: count,
  input_tokens: count,
  output_tokens: count,
  cache_creation_tokens: count,
  cache_read_tokens: count,
  reasoning_tokens: count,
  cost_usd: z.number(),
  tool_calls: count,
  failed_tool_calls: count,
  /** The live state the hooks last reported; null when no hook reported on it. */
  state: liveState.nullable(),
});
export type SessionListItem = z.infer<typeof sessionListItem>;

/** The body of `GET /api/sessions`; `next_cursor` is null on the last page. */
export const sessionsList = z.object({ sessions: z.array(sessionListItem), next_cursor: z.string().nullable() });
export type SessionsList = z.infer<typeof sessionsList>;

export const sessionDetail = sessionListItem.extend({
  /** Subagents the hooks reported (live state), none when no hook reported on it. */
  subagents: z.array(z.object({ id: z.string(), type: z.string().nullable() })),
  /** Seconds from its first to its last activity. */
  duration: z.number().nonnegative(),
});
export type SessionDetail = z.infer<typeof sessionDetail>;

/** One API request of a session. */
export const sessionRequest = z.object({
  ts: z.number(),
  model: z.string(),
  input_tokens: count,
  output_tokens: count,
  cache_creation_tokens: count,
  cache_read_tokens: count,
  reasoning_tokens: count,
  /** Null when the model is unpriced. */
  cost_usd: z.number().nullable(),
  /** Not reported by any source yet: null. */
  duration_ms: z.number().nullable(),
  /** Where it came from, as far as the store knows: `transcript` (a followed transcript), a source tag (`demo`), or `event`. */
  source: z.string(),
});
export type SessionRequest = z.infer<typeof sessionRequest>;

export const sessionTool = z.object({
  ts: z.number(),
  name: z.string(),
  /** Null while its outcome is unknown. */
  success: z.boolean().nullable(),
  duration_ms: z.number().nullable(),
  /** The error text, when a source reported one (none stores it yet: `"failed"` for a failed call, else null). */
  error: z.string().nullable(),
});
export type SessionTool = z.infer<typeof sessionTool>;

/** An error of the session: `kind` is `api_error` (a failed API call, its message as reported); failed tools are in `tools`. */
export const sessionError = z.object({ ts: z.number(), kind: z.string(), message: z.string() });
export type SessionError = z.infer<typeof sessionError>;

/** Per minute of activity: `t` the minute's start (Unix seconds), tokens of every kind together. */
export const sessionTimelinePoint = z.object({ t: z.number(), cost: z.number(), tokens: count, requests: count, tool_calls: count });
export type SessionTimelinePoint = z.infer<typeof sessionTimelinePoint>;

/** The body of `GET /api/sessions/:id`: requests, tools and errors oldest first. */
export const sessionPage = z.object({
  session: sessionDetail,
  requests: z.array(sessionRequest),
  tools: z.array(sessionTool),
  errors: z.array(sessionError),
  timeline: z.array(sessionTimelinePoint),
  /** Where the next page of requests starts (`?requests_cursor=`); null when all are listed. */
  next_requests_cursor: z.string().nullable(),
  next_tools_cursor: z.string().nullable(),
});
export type SessionPage = z.infer<typeof sessionPage>;

/** The path of one session's page: `/api/sessions/<id>` (the id URL-encoded). */
export const sessionPath = (id: string): string => `/api/sessions/${encodeURIComponent(id)}`;
