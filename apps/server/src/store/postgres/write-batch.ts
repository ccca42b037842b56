import type pg from 'pg';
import type { CallRow } from '../call-merge.js';
import { batchIds, planBatch, type BatchPlan, type EventRow, type KeyedRequest } from '../batch-plan.js';
import type { StoredEvent } from '../event.js';
import { byKey } from '../order.js';
import type { RequestRow } from '../request-merge.js';
import type { ScopeUpdate, SessionUpdate } from '../session-fold.js';
import type { FileCursor, IngestResult } from '../store.js';
import { TASK_ROW_COLUMNS, type TaskRow, type TaskSessionLink } from '../task-fold.js';
import type { SharedNames } from './names.js';
import { pgText } from './pg-values.js';
import { upsertRollups } from './rollup-upsert.js';

export interface BatchOutcome {
  result: IngestResult;
  /** The events stored (not duplicates, not merged repeats). */
  kept: StoredEvent[];
  /** Run after the transaction commits. */
  committed: () => void;
}

/**
 * Writes one batch inside the caller's transaction, as planned by `planBatch` (the plan
 * the SQLite store runs too), in a fixed number of statements. Several nodes may write
 * at once, so the claims that feed the plan are made this way:
 * - first sightings of ids are claimed with INSERT … ON CONFLICT DO NOTHING
 *   RETURNING: of two nodes claiming one id, the second waits for the first to
 *   commit and gets nothing back (a duplicate);
 * - `mergeMax` request rows are claimed the same way, with a no-op DO UPDATE so an
 *   existing row comes back locked (the row lock of SELECT … FOR UPDATE, without
 *   its race against a concurrent insert) and its growth is computed from its
 *   latest committed totals;
 * - task rows: the batch's new tasks are inserted with DO NOTHING (a node that loses
 *   the race waits for the winner), then the others are read FOR UPDATE, so the plan
 *   folds the batch into each task's latest committed row;
 * - every statement touches rows in one global order (table by table in the order
 *   below, keys sorted the same way on every node), so concurrent batches can wait
 *   on one another but not deadlock;
 * - rollups are upserted as additions, so concurrent batches' counts add up.
 * Events must be storable (see sanitize.ts).
 */
export async function writeBatch(
  client: pg.ClientBase,
  names: SharedNames,
  events: readonly StoredEvent[],
  cursors: readonly FileCursor[],
): Promise<BatchOutcome> {
  const ids = batchIds(events);
  const freshRequests = await claim(client, 'seen_requests', 'request_id', ids.requestIds);
  const freshKeys = await claim(client, 'seen_keys', 'key', ids.keys);
  const storedRequests = await claimRequests(client, ids.firstReports);
  const storedTasks = await claimTasks(client, ids.tasks);
  const storedCalls = await lockCalls(client, [...ids.callKeys].filter((k) => !freshKeys.has(k)));
  const plan = planBatch(events, { freshRequests, freshKeys, storedRequests, storedTasks, storedCalls });

  const eventIds = await insertEvents(client, plan.eventRows);
  for (const c of plan.createdRequests) c.row.event_id = eventIds[c.eventIndex] as number;
  await updateRequests(client, [...plan.createdRequests.map((c) => c.row), ...plan.grownRequests]);
  await updateEvents(client, plan.eventUpdates);
  await updateTasks(client, plan.tasks.filter((t) => t.stored).map((t) => t.row));
  await linkTaskSessions(client, plan.taskSessions);
  await upsertSessions(client, plan.sessions);
  await upsertScopes(client, plan.scopes);
  await putCalls(client, [...plan.calls.created, ...plan.calls.filled]);
  const capped = await names.cap(client, plan.rollups.minute, plan.rollups.hour);
  await upsertRollups(client, 'rollup_minute', capped.minute);
  await upsertRollups(client, 'rollup_hour', capped.hour);
  await saveCursors(client, cursors);
  return { result: plan.result, kept: plan.kept, committed: capped.committed };
}

/** Records the ids as seen; returns those seen for the first time. */
async function claim(client: pg.ClientBase, table: 'seen_requests' | 'seen_keys', column: string, ids: Set<string>): Promise<Set<string>> {
  if (ids.size === 0) return new Set();
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO ${table} (${column}) SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, i) ORDER BY i
      ON CONFLICT DO NOTHING RETURNING ${column} AS id`,
    [[...ids].sort(byKey)],
  );
  return new Set(rows.map((r) => r.id));
}

const REQUEST_COLUMNS =
  'key, event_id, ts, model, session_id, agent, machine, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, reasoning_tokens, cost_usd';

/**
 * Creates the rows of requests not stored yet (from their first report in the
 * batch; the event id follows once drawn) and locks the existing ones, returning
 * the rows stored before (a node that loses the race to create one waits, then
 * gets the winner's row).
 */
async function claimRequests(client: pg.ClientBase, firstReports: Map<string, KeyedRequest>): Promise<Map<string, RequestRow>> {
  const stored = new Map<string, RequestRow>();
  if (firstReports.size === 0) return stored;
  const reports = [...firstReports.values()].sort((a, b) => byKey(a.requestId, b.requestId));
  const col = <T>(f: (e: KeyedRequest) => T) => reports.map(f);
  const { rows } = await client.query<RequestRow>(
    `INSERT INTO requests (${REQUEST_COLUMNS})
      SELECT k, NULL, ts, model, session_id, agent, machine, i, o, cc, cr, rt, cost
      FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::float8[],
          $10::text[], $11::text[], $12::bigint[])
        WITH ORDINALITY AS u(k, ts, model, session_id, i, o, cc, cr, cost, agent, machine, rt, n)
      ORDER BY n
      ON CONFLICT (key) DO UPDATE SET key = requests.key
      RETURNING ${REQUEST_COLUMNS}`,
    [
      col((e) => e.requestId), col((e) => e.ts), col((e) => e.model), col((e) => e.sessionId), col((e) => e.inputTokens),
      col((e) => e.outputTokens), col((e) => e.cacheCreationTokens), col((e) => e.cacheReadTokens), col((e) => e.costUsd),
      col((e) => e.agent), col((e) => e.machine ?? ''), col((e) => e.reasoningTokens),
    ],
  );
  // A committed request always has its event id: a null one is the row this transaction just inserted.
  for (const row of rows) if (row.event_id !== null) stored.set(row.key, row);
  return stored;
}

/** Inserts the event rows with ids drawn in arrival order (a created request needs its event's id); returns the ids. */
async function insertEvents(client: pg.ClientBase, rows: readonly EventRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const drawn = await client.query<{ id: number }>("SELECT nextval('events_id_seq') AS id FROM generate_series(1, $1::int)", [rows.length]);
  const ids = drawn.rows.map((r) => r.id).sort((a, b) => a - b);
  await client.query(
    `INSERT INTO events (id, ts, type, description, data, agent, machine)
      SELECT * FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    [ids, rows.map((r) => r.ts),
    rows.map((r) => r.type),
    rows.map((r) => r.description),
    rows.map((r) => r.data), rows.map((r) => r.agent), rows.map((r) => r.machine)],
  );
  return ids;
}

/** Writes grown totals, and the event id of created requests (rows already locked by `claimRequests`). */
async function updateRequests(client: pg.ClientBase, rows: readonly RequestRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof RequestRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `UPDATE requests r SET event_id = u.event_id, input_tokens = u.i, output_tokens = u.o, cache_creation_tokens = u.cc,
        cache_read_tokens = u.cr, reasoning_tokens = u.rt, cost_usd = u.cost
      FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::float8[], $8::bigint[])
        AS u(key, event_id, i, o, cc, cr, cost, rt)
      WHERE r.key = u.key`,
    [
      col('key'), col('event_id'), col('input_tokens'), col('output_tokens'), col('cache_creation_tokens'), col('cache_read_tokens'), col('cost_usd'),
      col('reasoning_tokens'),
    ],
  );
}

/** Shows a request's latest report on its event row (from an earlier batch). */
async function updateEvents(client: pg.ClientBase, updates: BatchPlan['eventUpdates']): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `UPDATE events e SET description = u.description, data = u.data
      FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, description, data) WHERE e.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.description), updates.map((u) => u.data)],
  );
}

const taskColumns = (rows: readonly TaskRow[]) => {
  const col = <K extends keyof TaskRow>(k: K) => rows.map((r) => r[k]);
  return [
    col('id'), col('status'), col('description'), col('model'), col('costUsd'), col('error'), col('createdAt'), col('updatedAt'), col('startedAt'), col('endedAt'),
    col('agent'), col('machine'),
  ];
};
const TASK_NAMES = 'id, status, description, model, cost_usd, error, created_at, updated_at, started_at, ended_at, agent, machine';
const TASK_VALUES =
  'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::text[], $12::text[])';

/**
 * Inserts the batch's folded rows of tasks not stored yet (a node that loses the race
 * to create one waits for the winner's commit), then locks the stored rows of the
 * others; returns the rows stored before this batch.
 */
async function claimTasks(client: pg.ClientBase, tasks: readonly TaskRow[]): Promise<Map<string, TaskRow>> {
  const stored = new Map<string, TaskRow>();
  if (tasks.length === 0) return stored;
  const created = await client.query<{ id: string }>(
    `INSERT INTO tasks (${TASK_NAMES})
      SELECT ${TASK_NAMES} FROM ${TASK_VALUES} WITH ORDINALITY AS u(${TASK_NAMES}, n) ORDER BY n
      ON CONFLICT (id) DO NOTHING RETURNING id`,
    taskColumns(tasks),
  );
  const fresh = new Set(created.rows.map((r) => r.id));
  const others = tasks.filter((t) => !fresh.has(t.id)).map((t) => t.id);
  if (others.length === 0) return stored;
  const { rows } = await client.query<TaskRow>(
    `SELECT ${TASK_ROW_COLUMNS} FROM unnest($1::text[]) WITH ORDINALITY AS u(key, n) JOIN tasks ON tasks.id = u.key ORDER BY u.n FOR UPDATE OF tasks`,
    [others],
  );
  for (const row of rows) stored.set(row.id, row);
  return stored;
}

/** Writes the rows the plan folded for stored tasks (locked by `claimTasks`). */
async function updateTasks(client: pg.ClientBase, rows: readonly TaskRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `UPDATE tasks t SET status = u.status, description = u.description, model = u.model, cost_usd = u.cost_usd, error = u.error,
        created_at = u.created_at, updated_at = u.updated_at, started_at = u.started_at, ended_at = u.ended_at
      FROM ${TASK_VALUES} AS u(${TASK_NAMES}) WHERE t.id = u.id`,
    taskColumns(rows),
  );
}

/** Inserts the batch's task–session links (sorted by the plan), ignoring those stored. */
async function linkTaskSessions(client: pg.ClientBase, links: readonly TaskSessionLink[]): Promise<void> {
  if (links.length === 0) return;
  await client.query(
    'INSERT INTO task_sessions (task_id, session_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING',
    [links.map((l) => pgText(l.taskId)), links.map((l) => pgText(l.sessionId))],
  );
}

/** The SQLite store's session upsert (LEAST and GREATEST skip NULLs as its COALESCE(MIN(…)) does). */
async function upsertSessions(client: pg.ClientBase, rows: readonly SessionUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof SessionUpdate>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO sessions (id, project, model, model_ts, first_seen, last_seen, agent, machine)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::text[], $8::text[])
      ON CONFLICT (id) DO UPDATE SET
        agent = CASE WHEN sessions.agent = 'unknown' THEN excluded.agent ELSE sessions.agent END,
        project = COALESCE(sessions.project, excluded.project),
        model = CASE WHEN excluded.model IS NOT NULL AND excluded.model_ts >= sessions.last_seen THEN excluded.model ELSE sessions.model END,
        model_ts = CASE WHEN excluded.model IS NOT NULL AND excluded.model_ts >= sessions.last_seen THEN excluded.model_ts ELSE sessions.model_ts END,
        first_seen = LEAST(sessions.first_seen, excluded.first_seen),
        last_seen = GREATEST(sessions.last_seen, excluded.last_seen)`,
    [col('id'), col('project'), col('model'), rows.map((r) => (r.model === null ? null : r.modelTs)), col('first'), col('last'), col('agent'), col('machine')],
  );
}

/** Widens each (agent, machine) pair's first and last event (rows sorted by the plan: the lock order). */
async function upsertScopes(client: pg.ClientBase, rows: readonly ScopeUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof ScopeUpdate>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO scopes (agent, machine, first_seen, last_seen)
      SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[])
      ON CONFLICT (agent, machine) DO UPDATE SET
        first_seen = LEAST(scopes.first_seen, excluded.first_seen), last_seen = GREATEST(scopes.last_seen, excluded.last_seen)`,
    [col('agent'), col('machine'), col('first'), col('last')],
  );
}

const CALL_COLUMNS = 'key, ts, tool, session_id, success, duration_ms';

/**
 * The stored outcomes of tool calls seen before, locked (a node that claimed one's key
 * first has committed its row by the time this batch's claim of the key returned).
 */
async function lockCalls(client: pg.ClientBase, keys: readonly string[]): Promise<Map<string, CallRow>> {
  const stored = new Map<string, CallRow>();
  if (keys.length === 0) return stored;
  const { rows } = await client.query<CallRow>(
    `SELECT ${CALL_COLUMNS.split(', ').map((c) => `tool_calls.${c}`).join(', ')}
      FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) JOIN tool_calls ON tool_calls.key = u.k ORDER BY u.n FOR UPDATE OF tool_calls`,
    [[...keys].sort(byKey)],
  );
  for (const row of rows) stored.set(row.key, row);
  return stored;
}

/** Writes the outcomes of calls counted by this batch, and of those it filled in (sorted by key, so concurrent batches do not deadlock). */
async function putCalls(client: pg.ClientBase, rows: readonly CallRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sorted = [...rows].sort((a, b) => byKey(a.key, b.key));
  const col = <K extends keyof CallRow>(k: K) => sorted.map((r) => r[k]);
  await client.query(
    `INSERT INTO tool_calls (${CALL_COLUMNS})
      SELECT * FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::boolean[], $6::float8[])
      ON CONFLICT (key) DO UPDATE SET success = excluded.success, duration_ms = excluded.duration_ms`,
    [col('key'), col('ts'), col('tool'), col('session_id'), col('success'), col('duration_ms')],
  );
}

/** Saves file positions (the last one given per file wins, as one by one). */
async function saveCursors(client: pg.ClientBase, cursors: readonly FileCursor[]): Promise<void> {
  if (cursors.length === 0) return;
  const last = new Map<string, FileCursor>();
  for (const c of cursors) last.set(`${c.source}\u0000${c.path}`, c);
  const rows = [...last.values()].sort((a, b) => byKey(a.source, b.source) || byKey(a.path, b.path));
  const col = <K extends keyof FileCursor>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO source_files (source, path, ino, "offset", content_key)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[])
      ON CONFLICT (source, path) DO UPDATE SET ino = excluded.ino, "offset" = excluded."offset", content_key = excluded.content_key`,
    [col('source'), col('path'), col('ino'), col('offset'), rows.map((r) => r.contentKey ?? null)],
  );
}
