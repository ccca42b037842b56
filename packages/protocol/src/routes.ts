import { z } from 'zod';
import { historyRequest } from './history.js';
import { effectiveHours, effectiveInterval } from './limits.js';
import { agentId, machineName, normalScope } from './scope.js';
import { sessionQuery, sessionsQuery } from './sessions-api.js';
import { tasksQuery } from './snapshot.js';

/**
 * Every HTTP path the server answers (besides the dashboard's own pages and files).
 * The server declares its routes with these, the dashboard builds its URLs from them.
 */
export const API_PATHS = {
  health: '/api/health',
  metricsOverview: '/api/metrics/overview',
  metricsSnapshot: '/api/metrics/snapshot',
  metricsHistory: '/api/metrics/history',
  metricsStream: '/api/stream/metrics',
  events: '/api/events',
  statuslineClaudeCode: '/api/statusline/claude-code',
  tasks: '/api/tasks',
  sources: '/api/sources',
  stats: '/api/stats',
  clients: '/api/clients',
  alerts: '/api/alerts',
  alertsTest: '/api/alerts/test',
  prometheus: '/metrics',
  otlpLogs: '/v1/logs',
  otlpMetrics: '/v1/metrics',
  otlpTraces: '/v1/traces',
  /** Claude Code's hook events (HTTP hooks post here): live session state. */
  hooksClaudeCode: '/api/hooks/claude-code',
  /** Sessions with their totals, filtered, sorted and paged (see sessions-api.ts). */
  sessions: '/api/sessions',
  /** One session: requests, tools, errors, timeline (an express path: build URLs with `sessionPath(id)`). */
  session: '/api/sessions/:id',
  /** One task with its linked sessions' figures (an express path: build URLs with `taskPath(id)`). */
  task: '/api/tasks/:id',
} as const;
export type ApiPath = (typeof API_PATHS)[keyof typeof API_PATHS];

/** A query parameter as a query string gives it: text, or several texts when repeated (the first counts). */
const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** A numeric query parameter: absent or empty is `undefined`, anything but a finite number is refused by name. */
const queryNumber = (name: string) =>
  z.preprocess(
    firstValue,
    z
      .string()
      .max(32)
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '') return undefined;
        const n = Number(value);
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: `${name} must be a number` });
          return z.NEVER;
        }
        return n;
      }),
  );

/** A text query parameter checked by `schema`: absent or empty is `undefined` (no filter). */
const queryText = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess((value) => {
    const v = firstValue(value);
    return v === '' ? undefined : v;
  }, schema.optional());

/** `&agent=ID&machine=NAME`: the window's filter (see Scope); an agent or machine never seen gives an empty snapshot. */
const scopeQuery = { agent: queryText(agentId), machine: queryText(machineName) };

/** `?hours=N&agent&machine` of `/api/metrics/overview` and `/api/metrics/snapshot`: hours clamped to 1..168, default 24. */
export const hoursQuery = z
  .object({ hours: queryNumber('hours'), ...scopeQuery })
  .transform((q) => ({ hours: effectiveHours(q.hours), ...normalScope(q) }));
export type HoursQuery = z.output<typeof hoursQuery>;

/** `?hours=N&interval=S&agent&machine` of the SSE stream: the window as above, the interval clamped to 1..60 s, default 2. */
export const streamQuery = z
  .object({ hours: queryNumber('hours'), interval: queryNumber('interval'), ...scopeQuery })
  .transform((q) => ({ hours: effectiveHours(q.hours), interval: effectiveInterval(q.interval), ...normalScope(q) }));
export type StreamQuery = z.output<typeof streamQuery>;

/** A query text that reads as a number becomes one; any other text stays, so the schema names the bad parameter. */
const numeric = (value: unknown): unknown => {
  const v = firstValue(value);
  return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
};

/** `?from&to&bucket&agent&machine` of `/api/metrics/history`: the `request_history` payload, from a query string. */
export const historyQuery = z.preprocess((query) => {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const text = (v: unknown) => {
    const t = firstValue(v);
    return t === '' ? undefined : t;
  };
  return { from: numeric(q.from), to: numeric(q.to), bucket: numeric(q.bucket), agent: text(q.agent), machine: text(q.machine) };
}, historyRequest);

/** The query schema of each path that takes one. */
export const API_QUERIES = {
  [API_PATHS.metricsOverview]: hoursQuery,
  [API_PATHS.metricsSnapshot]: hoursQuery,
  [API_PATHS.metricsHistory]: historyQuery,
  [API_PATHS.metricsStream]: streamQuery,
  [API_PATHS.tasks]: tasksQuery,
  [API_PATHS.sessions]: sessionsQuery,
  [API_PATHS.session]: sessionQuery,
} as const;

type QueryValue = string | number | boolean | null | undefined;
/**
 * The parameters a URL of `P` may carry: its query schema's fields (any left out take
 * the server's default), plus `token` (for EventSource, which cannot send headers).
 */
export type ApiQuery<P extends ApiPath> = (P extends keyof typeof API_QUERIES
  ? { [K in keyof z.output<(typeof API_QUERIES)[P]>]?: z.output<(typeof API_QUERIES)[P]>[K] | null }
  : Record<never, QueryValue>) & { token?: string | null };

/**
 * A path with its query string, parameters in the order given, `null` and `undefined`
 * left out: `apiUrl(API_PATHS.metricsSnapshot, { hours: 6 })` is `/api/metrics/snapshot?hours=6`.
 */
export function apiUrl<P extends ApiPath>(path: P, query?: ApiQuery<P>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, QueryValue>)) {
    if (value === undefined || value === null) continue;
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
}
