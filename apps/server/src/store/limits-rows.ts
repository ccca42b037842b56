import type { LimitReport, StatusLineSession, UsagePoint } from './limits.js';

/** Column lists and row shapes shared by the SQLite and PostgreSQL limit tables (see the schemas). */

export const LIMIT_COLUMNS = ['agent', 'window', 'machine', 'window_minutes', 'used_percent', 'resets_at', 'source', 'observed_at'] as const;
export const SESSION_COLUMNS = [
  'session_id', 'machine', 'agent', 'model', 'model_name', 'project', 'cost_usd', 'duration_ms', 'lines_added', 'lines_removed',
  'context_used_percent', 'context_window_size', 'version', 'updated_at',
] as const;

const names = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(', ');
const params = (cols: readonly string[]) => cols.map((c) => `@${c}`).join(', ');
const updates = (cols: readonly string[], skip: number) => cols.slice(skip).map((c) => `"${c}" = excluded."${c}"`).join(', ');

/** The statements, with `@name` parameters, in the SQL both stores speak (a report older than the one kept changes nothing). */
export const LIMITS_SQL = {
  upsertLimit: `INSERT INTO limit_reports (${names(LIMIT_COLUMNS)}) VALUES (${params(LIMIT_COLUMNS)})
    ON CONFLICT (agent, "window", machine) DO UPDATE SET ${updates(LIMIT_COLUMNS, 3)}
    WHERE excluded.observed_at >= limit_reports.observed_at`,
  upsertSession: `INSERT INTO statusline_sessions (${names(SESSION_COLUMNS)}) VALUES (${params(SESSION_COLUMNS)})
    ON CONFLICT (session_id, machine) DO UPDATE SET ${updates(SESSION_COLUMNS, 2)}
    WHERE excluded.updated_at >= statusline_sessions.updated_at`,
  readLimits: `SELECT ${names(LIMIT_COLUMNS)} FROM limit_reports ORDER BY agent, "window", machine`,
  readSessions: `SELECT ${names(SESSION_COLUMNS)} FROM statusline_sessions ORDER BY updated_at DESC, session_id LIMIT @limit`,
  readUsage: "SELECT ts, data FROM events WHERE type = 'api_request' AND ts >= @since ORDER BY ts, id",
};

export type LimitRow = Record<(typeof LIMIT_COLUMNS)[number], string | number | null>;
export type SessionRow = Record<(typeof SESSION_COLUMNS)[number], string | number | null>;

export const limitRow = (r: LimitReport): LimitRow => ({
  agent: r.agent,
  window: r.window,
  machine: r.machine,
  window_minutes: r.windowMinutes,
  used_percent: r.usedPercent,
  resets_at: r.resetsAt,
  source: r.source,
  observed_at: r.observedAt,
});

export const fromLimitRow = (r: LimitRow): LimitReport => ({
  agent: String(r.agent),
  window: String(r.window),
  machine: String(r.machine),
  windowMinutes: Number(r.window_minutes),
  usedPercent: Number(r.used_percent),
  resetsAt: r.resets_at === null ? null : Number(r.resets_at),
  source: String(r.source),
  observedAt: Number(r.observed_at),
});

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const text = (v: string | number | null): string | null => (v === null ? null : String(v));

export const sessionRow = (s: StatusLineSession): SessionRow => ({
  session_id: s.sessionId,
  machine: s.machine,
  agent: s.agent,
  model: s.model,
  model_name: s.modelName,
  project: s.project,
  cost_usd: s.costUsd,
  duration_ms: s.durationMs,
  lines_added: s.linesAdded,
  lines_removed: s.linesRemoved,
  context_used_percent: s.contextUsedPercent,
  context_window_size: s.contextWindowSize,
  version: s.version,
  updated_at: s.updatedAt,
});

export const fromSessionRow = (r: SessionRow): StatusLineSession => ({
  sessionId: String(r.session_id),
  machine: String(r.machine),
  agent: String(r.agent),
  model: text(r.model),
  modelName: text(r.model_name),
  project: text(r.project),
  costUsd: num(r.cost_usd),
  durationMs: num(r.duration_ms),
  linesAdded: num(r.lines_added),
  linesRemoved: num(r.lines_removed),
  contextUsedPercent: num(r.context_used_percent),
  contextWindowSize: num(r.context_window_size),
  version: text(r.version),
  updatedAt: Number(r.updated_at),
});

/** An API request event's stored data (its JSON, see batch-plan.ts) as a usage point; events written before agents were recorded count as `unknown`. */
export function usagePoint(ts: number, data: string): UsagePoint | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return null;
  }
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    ts,
    agent: typeof e.agent === 'string' ? e.agent : 'unknown',
    inputTokens: n(e.inputTokens),
    outputTokens: n(e.outputTokens),
    cacheCreationTokens: n(e.cacheCreationTokens),
    cacheReadTokens: n(e.cacheReadTokens),
    costUsd: n(e.costUsd),
  };
}

/** Sessions listed by `readLimits`, most recently updated first. */
export const STATUSLINE_SESSIONS_LIMIT = 200;
