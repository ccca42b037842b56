import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import { emptySums, HOUR, type RollupSums } from './rollup.js';
import { scopeColumns } from './scope-rows.js';
import type { ModelTotals, ScopeFilter, ScopeTotals, SessionTotals, ToolTotals, WindowData, WindowQuery } from './store.js';

/**
 * Sums of rollup rows, named as `RollupSums`. The aliases are quoted so both
 * SQLite and PostgreSQL (which folds unquoted names to lower case) keep the case.
 */
export const SUMS = `SUM(requests) AS "requests", SUM(input_tokens) AS "inputTokens", SUM(output_tokens) AS "outputTokens",
  SUM(cache_creation_tokens) AS "cacheCreationTokens", SUM(cache_read_tokens) AS "cacheReadTokens",
  SUM(reasoning_tokens) AS "reasoningTokens", SUM(cost_usd) AS "costUsd", SUM(unpriced) AS "unpriced", SUM(calls) AS "calls", SUM(failed) AS "failed"`;

/** The task columns, in `TaskSummary`'s names. */
export const TASK_COLUMNS = 'id, status, description, model, cost_usd, created_at, updated_at, started_at, ended_at, error';

export type SumRow = RollupSums;

export function toModel(model: string, r: SumRow): ModelTotals {
  return {
    model,
    requests: r.requests,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheCreationTokens: r.cacheCreationTokens,
    cacheReadTokens: r.cacheReadTokens,
    reasoningTokens: r.reasoningTokens ?? 0,
    costUsd: r.costUsd,
    unpricedRequests: r.unpriced,
  };
}

/** Series rows (dimension `m` or `t`, bucket start `t`) as the window's series. */
export function toSeries(rows: Iterable<SumRow & { t: number; dim: string; key: string }>): WindowData['series'] {
  const series: WindowData['series'] = { models: [], tools: [] };
  for (const row of rows) {
    if (row.dim === 'm') series.models.push({ t: row.t, ...toModel(row.key, row) });
    else series.tools.push({ t: row.t, calls: row.calls });
  }
  return series;
}

/** A task marked stale when it is running and was last updated before `staleBefore`. */
export function withStale(t: TaskSummary, staleBefore: number): TaskSummary {
  return { ...t, stale: t.status === 'running' && t.updated_at < staleBefore };
}

/**
 * How a window [since, until] splits between the rollups: whole hours [h0, h1)
 * from the hourly one, the ragged edges from the minute one.
 */
export function windowHours(since: number, until: number): { h0: number; h1: number } {
  const h0 = Math.ceil(since / HOUR) * HOUR;
  return { h0, h1: Math.max(h0, Math.floor(until / HOUR) * HOUR) };
}

/**
 * Rollup rows of the window [since, ∞) that match `filter`: whole hours [h0, h1) from the
 * hourly rollup, the ragged edges (before the first whole hour, and the current hour) from
 * the minute rollup. The filter names the dimension and the scope (@agent, @machine: see
 * scope-rows.ts), so each part is a range scan of the primary key (dim, agent, machine,
 * bucket, key). `from` names the tables (SQLite adds index hints).
 */
export const windowRows = (filter: string, from = { hour: 'rollup_hour', minute: 'rollup_minute' }): string => `
  SELECT * FROM ${from.hour} WHERE ${filter} AND bucket >= @h0 AND bucket < @h1
  UNION ALL SELECT * FROM ${from.minute} WHERE ${filter} AND bucket >= @since AND bucket < @h0
  UNION ALL SELECT * FROM ${from.minute} WHERE ${filter} AND bucket >= @h1`;

/** Series rows in buckets of @bs seconds (integer division: buckets are whole seconds). */
const SERIES = `SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS}`;
const SERIES_ORDER = 'GROUP BY t, dim, key ORDER BY t, dim, key';
/** Model and tool rows of one scope (ANY for a part of the filter not given). */
const SCOPED = "dim IN ('m', 't') AND agent = @agent AND machine = @machine";
/** One (agent, machine) pair's rows of a table that has both columns. */
const PAIR = 'agent = @agent AND machine = @machine';
const SESSION_COLUMNS = 'id AS "sessionId", agent, machine, project, model, first_seen AS "firstSeen", last_seen AS "lastSeen"';

/**
 * The read statements both stores run, with `@name` parameters (SQLite binds them as they
 * are; PostgreSQL compiles them with `sql`). Subqueries are named (`r`), as PostgreSQL wants.
 * `…In` statements read one (agent, machine) pair through the tables' scope indexes.
 */
export const READS = {
  /** The (agent, machine) pairs heard from since the window start. */
  scopes: 'SELECT agent, machine, last_seen AS "lastSeen" FROM scopes WHERE last_seen >= @since ORDER BY agent, machine',
  /** Model and tool totals of the window's scope in one pass, ordered by dimension and key. */
  totals: `SELECT dim, key, ${SUMS} FROM (${windowRows(SCOPED)}) r GROUP BY dim, key ORDER BY dim, key`,
  /** All requests (`M`) and all tool calls (`T`) of one scope: an agent's or a machine's figures. */
  breakdown: `SELECT dim, ${SUMS} FROM (${windowRows("dim IN ('M', 'T') AND agent = @agent AND machine = @machine")}) r GROUP BY dim ORDER BY dim`,
  sessionCount: 'SELECT COUNT(*) AS n FROM sessions WHERE last_seen >= @since',
  sessionCountIn: `SELECT COUNT(*) AS n FROM sessions WHERE ${PAIR} AND last_seen >= @since`,
  /** The most recently active sessions (a session is in the window exactly when its last event is). */
  /** The window's cost per session project (each session's own rollup rows; all agents and machines). */
  projectCosts: `SELECT s.project AS project, SUM(r.cost_usd) AS "costUsd" FROM (${windowRows("dim = 's' AND agent = '*' AND machine = '*'")}) r
    JOIN sessions s ON s.id = r.key GROUP BY s.project`,
  recentSessions: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE last_seen >= @since ORDER BY last_seen DESC, id DESC LIMIT @limit`,
  recentSessionsIn: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE ${PAIR} AND last_seen >= @since ORDER BY last_seen DESC, id DESC LIMIT @limit`,
  seriesMinute: `${SERIES} FROM rollup_minute WHERE ${SCOPED} AND bucket >= @since ${SERIES_ORDER}`,
  seriesHour: `${SERIES} FROM (${windowRows(SCOPED)}) r ${SERIES_ORDER}`,
  rangeMinute: `${SERIES} FROM rollup_minute WHERE ${SCOPED} AND bucket >= @from AND bucket < @to ${SERIES_ORDER}`,
  rangeHour: `${SERIES} FROM (
      SELECT * FROM rollup_hour WHERE ${SCOPED} AND bucket >= @h0 AND bucket < @h1
      UNION ALL SELECT * FROM rollup_minute WHERE ${SCOPED} AND bucket >= @from AND bucket < @a0
      UNION ALL SELECT * FROM rollup_minute WHERE ${SCOPED} AND bucket >= @h1 AND bucket < @to) r ${SERIES_ORDER}`,
  activity: 'SELECT description, ts AS timestamp, type FROM events WHERE ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit',
  activityIn: `SELECT id, description, ts AS timestamp, type FROM events WHERE ${PAIR} AND ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit`,
  taskCounts: 'SELECT status, COUNT(*) AS n FROM tasks WHERE updated_at >= @since GROUP BY status',
  taskCountsIn: `SELECT status, COUNT(*) AS n FROM tasks WHERE ${PAIR} AND updated_at >= @since GROUP BY status`,
  recentTasks: `SELECT ${TASK_COLUMNS} FROM tasks WHERE updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`,
  recentTasksIn: `SELECT ${TASK_COLUMNS} FROM tasks WHERE ${PAIR} AND updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`,
  staleTasks: `SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND updated_at >= @since AND updated_at < @staleBefore`,
  staleTasksIn: `SELECT COUNT(*) AS n FROM tasks WHERE ${PAIR} AND status = 'running' AND updated_at >= @since AND updated_at < @staleBefore`,
  apiErrors: `SELECT COALESCE(SUM(calls), 0) AS n FROM (${windowRows("dim = 'e' AND agent = @agent AND machine = @machine")}) r`,
} as const;

export type ReadName = keyof typeof READS;

/** One statement a window needs: a shared read, or a store's own per-session sums (`sessionSums`: one key; `sessionSumsMany`: `keys`). */
export interface ReadStep {
  read: ReadName | 'sessionSums' | 'sessionSumsMany';
  params: Record<string, unknown>;
}

export interface WindowReadOptions {
  /** Rollup bounds rounded up to whole seconds (PostgreSQL compares them with BIGINT buckets). */
  wholeBounds?: boolean;
  /** Ask every listed session's sums in one `sessionSumsMany` (rows keyed by `key`) instead of one `sessionSums` each. */
  manySessions?: boolean;
}

/** A statement's rows, as the step that asked for them types them (the drivers hand back what the database returned). */
type Row = never;
type PairRow = { agent: string; machine: string; lastSeen: number };

/**
 * The reads of a window, as steps a store runs in order inside one consistent snapshot
 * (SQLite synchronously, PostgreSQL with a query each), feeding each step's rows back:
 * the store drives the generator, the generator decides what to read and shapes the
 * result, so both stores read exactly the same way. Unfiltered, the v1 reads are those of
 * before; a filtered window reads its scope's rollup rows and its (agent, machine) pairs'
 * rows through the scope indexes, and nothing at all when no pair matches (an agent or a
 * machine never heard from in the window is an empty window, not an error).
 */
export function* windowReads(q: WindowQuery, o: WindowReadOptions = {}): Generator<ReadStep, WindowData, Row[]> {
  const filtered = q.agent !== undefined || q.machine !== undefined;
  const scope = scopeColumns(q);
  const bounds = windowParams(q);
  const range = { ...bounds, since: o.wholeBounds ? Math.ceil(q.since) : q.since, ...scope };
  const at = { since: q.since };
  const pairs = ((yield { read: 'scopes', params: at }) as PairRow[]).filter(
    (p) => (q.agent === undefined || p.agent === q.agent) && (q.machine === undefined || p.machine === q.machine),
  );
  if (filtered && pairs.length === 0) return toWindow(q, emptyRows());

  const count = (rows: Row[]) => Number((rows[0] as { n: number } | undefined)?.n ?? 0);
  const pairCounts: number[] = [];
  for (const p of pairs) pairCounts.push(count(yield { read: 'sessionCountIn', params: { ...at, agent: p.agent, machine: p.machine } }));

  let recentSessions: WindowRows['recentSessions'];
  let activity: ActivityItem[];
  let taskCounts: WindowRows['taskCounts'];
  let recentTasks: TaskSummary[];
  let staleTasks = 0;
  let sessionCount: number;
  if (!filtered) {
    sessionCount = count(yield { read: 'sessionCount', params: at });
    recentSessions = (yield { read: 'recentSessions', params: { ...at, limit: q.sessionLimit } }) as WindowRows['recentSessions'];
    activity = (yield { read: 'activity', params: { ...at, limit: q.activityLimit } }) as ActivityItem[];
    taskCounts = (yield { read: 'taskCounts', params: at }) as WindowRows['taskCounts'];
    recentTasks = (yield { read: 'recentTasks', params: { ...at, limit: q.taskLimit } }) as TaskSummary[];
    if (q.staleBefore !== undefined) staleTasks = count(yield { read: 'staleTasks', params: { ...at, staleBefore: q.staleBefore } });
  } else {
    sessionCount = pairCounts.reduce((a, b) => a + b, 0);
    const sessions: Array<WindowRows['recentSessions'][number]> = [];
    const lines: Array<ActivityItem & { id: number }> = [];
    const counts = new Map<TaskStatus, number>();
    const tasks: TaskSummary[] = [];
    for (const p of pairs) {
      const pair = { ...at, agent: p.agent, machine: p.machine };
      sessions.push(...((yield { read: 'recentSessionsIn', params: { ...pair, limit: q.sessionLimit } }) as WindowRows['recentSessions']));
      lines.push(...((yield { read: 'activityIn', params: { ...pair, limit: q.activityLimit } }) as Array<ActivityItem & { id: number }>));
      for (const r of (yield { read: 'taskCountsIn', params: pair }) as WindowRows['taskCounts']) counts.set(r.status, (counts.get(r.status) ?? 0) + r.n);
      tasks.push(...((yield { read: 'recentTasksIn', params: { ...pair, limit: q.taskLimit } }) as TaskSummary[]));
      if (q.staleBefore !== undefined) staleTasks += count(yield { read: 'staleTasksIn', params: { ...pair, staleBefore: q.staleBefore } });
    }
    recentSessions = sessions.sort((a, b) => b.lastSeen - a.lastSeen || (a.sessionId < b.sessionId ? 1 : a.sessionId > b.sessionId ? -1 : 0)).slice(0, q.sessionLimit);
    activity = lines
      .sort((a, b) => b.timestamp - a.timestamp || b.id - a.id)
      .slice(0, q.activityLimit)
      .map(({ description, timestamp, type }) => ({ description, timestamp, type }));
    taskCounts = [...counts].map(([status, n]) => ({ status, n }));
    recentTasks = tasks.sort((a, b) => b.updated_at - a.updated_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, q.taskLimit);
  }

  const sessionSums = new Map<string, Partial<SumRow>>();
  if (recentSessions.length > 0 && o.manySessions) {
    for (const row of (yield { read: 'sessionSumsMany', params: { ...range, keys: recentSessions.map((r) => r.sessionId) } }) as Array<SumRow & { key: string }>) sessionSums.set(row.key, row);
  } else {
    for (const r of recentSessions) sessionSums.set(r.sessionId, ((yield { read: 'sessionSums', params: { ...range, key: r.sessionId } }) as SumRow[])[0] ?? {});
  }

  const totals = (yield { read: 'totals', params: range }) as WindowRows['totals'];
  // Each agent's and each machine's figures: the filter's own scope is the totals; the others one breakdown each.
  const agents = new Map<string, ScopeAccumulator>();
  const machines = new Map<string, ScopeAccumulator>();
  pairs.forEach((p, i) => {
    for (const [map, name] of [[agents, p.agent], [machines, p.machine]] as const) {
      const acc = map.get(name) ?? { sums: undefined, sessions: 0, lastSeen: 0 };
      acc.sessions += pairCounts[i] ?? 0;
      acc.lastSeen = Math.max(acc.lastSeen, p.lastSeen);
      map.set(name, acc);
    }
  });
  for (const [map, part] of [[agents, 'agent'], [machines, 'machine']] as const) {
    for (const [name, acc] of map) {
      // Filtered to it, or the only one heard from in the window: its figures are the window's.
      const whole = q[part] !== undefined || map.size === 1;
      acc.sums = whole ? totals : ((yield { read: 'breakdown', params: { ...range, [part]: name } }) as WindowRows['totals']);
    }
  }

  return toWindow(q, {
    totals,
    sessionCount,
    recentSessions,
    sessionSums,
    series: (yield { read: q.bucketSeconds % HOUR === 0 ? 'seriesHour' : 'seriesMinute', params: { ...range, bs: q.bucketSeconds } }) as WindowRows['series'],
    activity,
    taskCounts,
    recentTasks,
    staleTasks,
    apiErrors: count(yield { read: 'apiErrors', params: range }),
    agents: scopeTotals(agents),
    machines: scopeTotals(machines),
  });
}

interface ScopeAccumulator {
  /** Model (`m`) and tool (`t`) sums of the scope, by dimension (or by dimension and key). */
  sums: Array<SumRow & { dim: string }> | undefined;
  sessions: number;
  lastSeen: number;
}

function scopeTotals(map: Map<string, ScopeAccumulator>): ScopeTotals[] {
  return [...map].map(([name, acc]) => {
    const m = emptySums();
    const t = emptySums();
    for (const row of acc.sums ?? []) {
      const into = row.dim === 'm' || row.dim === 'M' ? m : t;
      into.requests += row.requests;
      into.inputTokens += row.inputTokens;
      into.outputTokens += row.outputTokens;
      into.cacheCreationTokens += row.cacheCreationTokens;
      into.cacheReadTokens += row.cacheReadTokens;
      into.reasoningTokens += row.reasoningTokens ?? 0;
      into.costUsd += row.costUsd;
      into.unpriced += row.unpriced;
      into.calls += row.calls;
      into.failed += row.failed;
    }
    return {
      name,
      requests: m.requests,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      cacheCreationTokens: m.cacheCreationTokens,
      cacheReadTokens: m.cacheReadTokens,
      reasoningTokens: m.reasoningTokens,
      costUsd: m.costUsd,
      unpricedRequests: m.unpriced,
      toolCalls: t.calls,
      failedToolCalls: t.failed,
      sessions: acc.sessions,
      lastSeen: acc.lastSeen,
    };
  });
}

/** Runs a window's reads with a synchronous executor (SQLite). */
export function runWindowReads(q: WindowQuery, run: (step: ReadStep) => unknown[], o?: WindowReadOptions): WindowData {
  const steps = windowReads(q, o);
  let next = steps.next();
  while (!next.done) next = steps.next(run(next.value) as Row[]);
  return next.value;
}

/** Runs a window's reads with an asynchronous executor (PostgreSQL), one statement at a time. */
export async function runWindowReadsAsync(q: WindowQuery, run: (step: ReadStep) => Promise<unknown[]>, o?: WindowReadOptions): Promise<WindowData> {
  const steps = windowReads(q, o);
  let next = steps.next();
  while (!next.done) next = steps.next((await run(next.value)) as Row[]);
  return next.value;
}

/** The parameters of a window's reads (rollup bounds as `windowHours` splits them). */
export function windowParams(q: WindowQuery): { since: number; h0: number; h1: number } {
  return { since: q.since, ...windowHours(q.since, q.until) };
}

/** The parameters of a series read between `from` and `to` (of the filter's scope), and which statement serves it. */
export function rangeParams(from: number, to: number, bucketSeconds: number, filter: ScopeFilter = {}): { read: 'rangeHour' | 'rangeMinute'; params: Record<string, number | string> } {
  const { h0, h1 } = windowHours(from, to);
  const scope = scopeColumns(filter);
  return bucketSeconds % HOUR === 0
    ? { read: 'rangeHour', params: { from, to, h0, h1, a0: Math.min(h0, to), bs: bucketSeconds, ...scope } }
    : { read: 'rangeMinute', params: { from, to, bs: bucketSeconds, ...scope } };
}

/** What a store read for a window, as rows. */
export interface WindowRows {
  totals: Array<SumRow & { dim: string; key: string }>;
  sessionCount: number;
  recentSessions: Array<Omit<SessionTotals, keyof SumRow | 'toolCalls'>>;
  /** Each recent session's sums over the window, by id (absent: nothing in the rollups). */
  sessionSums: ReadonlyMap<string, Partial<SumRow>>;
  series: Array<SumRow & { t: number; dim: string; key: string }>;
  activity: ActivityItem[];
  taskCounts: Array<{ status: TaskStatus; n: number }>;
  recentTasks: TaskSummary[];
  staleTasks: number;
  apiErrors: number;
  agents: ScopeTotals[];
  machines: ScopeTotals[];
}

const emptyRows = (): WindowRows => ({
  totals: [],
  sessionCount: 0,
  recentSessions: [],
  sessionSums: new Map(),
  series: [],
  activity: [],
  taskCounts: [],
  recentTasks: [],
  staleTasks: 0,
  apiErrors: 0,
  agents: [],
  machines: [],
});

/** The window from what a store read (the same for every store). */
export function toWindow(q: WindowQuery, r: WindowRows): WindowData {
  const models: ModelTotals[] = [];
  const tools: ToolTotals[] = [];
  for (const row of r.totals) {
    if (row.dim === 'm') models.push(toModel(row.key, row));
    else tools.push({ tool: row.key, calls: row.calls, failed: row.failed });
  }
  const taskCounts: Record<TaskStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0 };
  for (const row of r.taskCounts) taskCounts[row.status] = row.n;
  return {
    models,
    tools,
    sessionCount: r.sessionCount,
    sessions: r.recentSessions.map((s): SessionTotals => {
      const sums = r.sessionSums.get(s.sessionId);
      return {
        ...s,
        requests: sums?.requests ?? 0,
        inputTokens: sums?.inputTokens ?? 0,
        outputTokens: sums?.outputTokens ?? 0,
        cacheCreationTokens: sums?.cacheCreationTokens ?? 0,
        cacheReadTokens: sums?.cacheReadTokens ?? 0,
        costUsd: sums?.costUsd ?? 0,
        toolCalls: sums?.calls ?? 0,
      };
    }),
    series: toSeries(r.series),
    activity: r.activity,
    taskCounts,
    recentTasks: q.staleBefore === undefined ? r.recentTasks : r.recentTasks.map((t) => withStale(t, q.staleBefore as number)),
    staleTasks: r.staleTasks,
    apiErrors: r.apiErrors,
    agents: r.agents,
    machines: r.machines,
  };
}
