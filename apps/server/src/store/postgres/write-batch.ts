import type pg from 'pg';
import type { StoredEvent } from '../../ingest/normalize.js';
import { grownRow, mergeRequest, type ApiRequest, type RequestRow } from '../request-merge.js';
import { foldRollups, HOUR, MINUTE, type RequestDelta } from '../rollup.js';
import { SessionFold, type SessionUpdate } from '../session-fold.js';
import type { FileCursor, IngestResult } from '../store.js';
import type { SharedNames } from './names.js';
import { byKey } from './pg-values.js';
import { upsertRollups } from './rollup-upsert.js';
import { TaskFold, type TaskUpdate } from './task-fold.js';

export interface BatchOutcome {
  result: IngestResult;
  /** The events stored (not duplicates, not merged repeats). */
  kept: StoredEvent[];
  /** Run after the transaction commits. */
  committed: () => void;
}

/** A mergeMax request of the batch: its row (locked), and whether this batch created it. */
interface RequestState {
  row: RequestRow;
  created: boolean;
  /** For a created request: the index of its event among the batch's new event rows, once its first report is reached. */
  pending?: number;
}

interface EventRow {
  ts: number;
  type: string;
  description: string;
  data: string;
}

/**
 * Writes one batch inside the caller's transaction, with the same outcome as the
 * SQLite store's event-by-event loop, in a fixed number of statements. Several
 * nodes may write at once, so:
 * - first sightings of ids are claimed with INSERT … ON CONFLICT DO NOTHING
 *   RETURNING: of two nodes claiming one id, the second waits for the first to
 *   commit and gets nothing back (a duplicate);
 * - `mergeMax` request rows are claimed the same way, with a no-op DO UPDATE so an
 *   existing row comes back locked (the row lock of SELECT … FOR UPDATE, without
 *   its race against a concurrent insert) and its growth is computed from its
 *   latest committed totals;
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
  const firstReports = new Map<string, ApiRequest & { requestId: string }>();
  const requestIds = new Set<string>();
  const keys = new Set<string>();
  for (const e of events) {
    if (e.type === 'api_request' && e.requestId !== null) {
      if (!e.mergeMax) requestIds.add(e.requestId);
      else if (!firstReports.has(e.requestId)) firstReports.set(e.requestId, { ...e, requestId: e.requestId });
    }
    const key = seenKey(e);
    if (key !== null) keys.add(key);
  }
  const freshRequests = await claim(client, 'seen_requests', 'request_id', requestIds);
  const freshKeys = await claim(client, 'seen_keys', 'key', keys);
  const requests = await claimRequests(client, firstReports);

  const kept: StoredEvent[] = [];
  const rows: EventRow[] = [];
  const deltas: RequestDelta[] = [];
  const sessions = new SessionFold();
  const tasks = new TaskFold();
  /** Description and data of earlier batches' events, by id (a later repeat overwrites an earlier one). */
  const eventUpdates = new Map<number, { description: string; data: string }>();
  const changedRequests = new Set<RequestState>();
  let duplicates = 0;

  for (const e of events) {
    if (e.type === 'api_request' && e.requestId !== null) {
      if (e.mergeMax) {
        const state = requests.get(e.requestId) as RequestState;
        if (!state.created || state.pending !== undefined) {
          const old = state.row;
          const delta = mergeRequest(old, e);
          if (delta === null) duplicates += 1;
          else {
            deltas.push(delta);
            state.row = grownRow(old, e);
            changedRequests.add(state);
            if (e.outputTokens >= old.output_tokens) {
              const shown = { description: e.description, data: JSON.stringify(e) };
              if (state.pending !== undefined) Object.assign(rows[state.pending] as EventRow, shown);
              else eventUpdates.set(old.event_id, shown);
            }
            if (e.sessionId !== null) sessions.add(e.sessionId, e.project, e.model, e.ts);
          }
          continue;
        }
        state.pending = rows.length;
        changedRequests.add(state);
      } else if (!freshRequests.delete(e.requestId)) {
        duplicates += 1;
        continue;
      }
    }
    const key = seenKey(e);
    if (key !== null && !freshKeys.delete(key)) {
      duplicates += 1;
      continue;
    }
    kept.push(e);
    // The feed knows four kinds; an API error is shown as an activity line.
    rows.push({ ts: e.ts, type: e.type === 'api_error' ? 'activity' : e.type, description: e.description, data: JSON.stringify(e) });
    if (e.type === 'task') tasks.add(e);
    else if ((e.type === 'api_request' || e.type === 'tool_call') && e.sessionId !== null) {
      sessions.add(e.sessionId, e.project, e.type === 'api_request' ? e.model : null, e.ts);
    }
  }

  const ids = await insertEvents(client, rows);
  for (const state of changedRequests) if (state.pending !== undefined) state.row.event_id = ids[state.pending] as number;
  await updateRequests(client, [...changedRequests].map((s) => s.row));
  await updateEvents(client, eventUpdates);
  await upsertTasks(client, tasks.rows());
  await upsertSessions(client, [...sessions.rows()].sort((a, b) => byKey(a.id, b.id)));
  const capped = await names.cap(client, foldRollups(kept, MINUTE, deltas), foldRollups(kept, HOUR, deltas));
  await upsertRollups(client, 'rollup_minute', capped.minute);
  await upsertRollups(client, 'rollup_hour', capped.hour);
  await saveCursors(client, cursors);

  const result = deltas.length > 0 ? { stored: kept.length, duplicates, merged: deltas.length } : { stored: kept.length, duplicates };
  return { result, kept, committed: capped.committed };
}

/** The id under which a tool call or API error is counted once, or null when it has none. */
function seenKey(e: StoredEvent): string | null {
  if (e.type === 'tool_call' && e.callId != null) return `tool:${e.callId}`;
  if (e.type === 'api_error' && e.errorId !== null) return `error:${e.errorId}`;
  return null;
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

const REQUEST_COLUMNS = 'key, event_id, ts, model, session_id, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd';

/**
 * Creates the rows of requests not stored yet (from their first report in the
 * batch; the event id follows once drawn) and locks the existing ones, returning
 * each request's row as committed (a node that loses the race to create one
 * waits, then gets the winner's row).
 */
async function claimRequests(client: pg.ClientBase, firstReports: Map<string, ApiRequest & { requestId: string }>): Promise<Map<string, RequestState>> {
  const states = new Map<string, RequestState>();
  if (firstReports.size === 0) return states;
  const reports = [...firstReports.values()].sort((a, b) => byKey(a.requestId, b.requestId));
  const col = <T>(f: (e: ApiRequest & { requestId: string }) => T) => reports.map(f);
  const { rows } = await client.query<RequestRow>(
    `INSERT INTO requests (${REQUEST_COLUMNS})
      SELECT k, NULL, ts, model, session_id, i, o, cc, cr, cost
      FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::float8[])
        WITH ORDINALITY AS u(k, ts, model, session_id, i, o, cc, cr, cost, n)
      ORDER BY n
      ON CONFLICT (key) DO UPDATE SET key = requests.key
      RETURNING ${REQUEST_COLUMNS}`,
    [
      col((e) => e.requestId), col((e) => e.ts), col((e) => e.model), col((e) => e.sessionId), col((e) => e.inputTokens),
      col((e) => e.outputTokens), col((e) => e.cacheCreationTokens), col((e) => e.cacheReadTokens), col((e) => e.costUsd),
    ],
  );
  // A committed request always has its event id: a null one is the row this transaction just inserted.
  for (const row of rows) states.set(row.key, { row, created: row.event_id === null });
  return states;
}

/** Inserts the event rows with ids drawn in arrival order (a created request needs its event's id); returns the ids. */
async function insertEvents(client: pg.ClientBase, rows: readonly EventRow[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const drawn = await client.query<{ id: number }>("SELECT nextval('events_id_seq') AS id FROM generate_series(1, $1::int)", [rows.length]);
  const ids = drawn.rows.map((r) => r.id).sort((a, b) => a - b);
  await client.query('INSERT INTO events (id, ts, type, description, data) SELECT * FROM unnest($1::bigint[], $2::float8[], $3::text[], $4::text[], $5::text[])', [
    ids,
    rows.map((r) => r.ts),
    rows.map((r) => r.type),
    rows.map((r) => r.description),
    rows.map((r) => r.data),
  ]);
  return ids;
}

/** Writes grown totals, and the event id of created requests (rows already locked by `claimRequests`). */
async function updateRequests(client: pg.ClientBase, rows: readonly RequestRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof RequestRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `UPDATE requests r SET event_id = u.event_id, input_tokens = u.i, output_tokens = u.o, cache_creation_tokens = u.cc,
        cache_read_tokens = u.cr, cost_usd = u.cost
      FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::float8[]) AS u(key, event_id, i, o, cc, cr, cost)
      WHERE r.key = u.key`,
    [col('key'), col('event_id'), col('input_tokens'), col('output_tokens'), col('cache_creation_tokens'), col('cache_read_tokens'), col('cost_usd')],
  );
}

/** Shows a request's latest report on its event row (from an earlier batch). */
async function updateEvents(client: pg.ClientBase, updates: Map<number, { description: string; data: string }>): Promise<void> {
  if (updates.size === 0) return;
  const ids = [...updates.keys()].sort((a, b) => a - b);
  await client.query(
    `UPDATE events e SET description = u.description, data = u.data
      FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, description, data) WHERE e.id = u.id`,
    [ids, ids.map((id) => updates.get(id)?.description), ids.map((id) => updates.get(id)?.data)],
  );
}

/** The SQLite store's task upsert, for rows folded by TaskFold. */
async function upsertTasks(client: pg.ClientBase, rows: readonly TaskUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof TaskUpdate>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO tasks (id, status, description, model, cost_usd, error, created_at, updated_at, started_at, ended_at)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::float8[], $8::float8[], $9::float8[], $10::float8[])
      ON CONFLICT (id) DO UPDATE SET
        status = CASE WHEN excluded.updated_at >= tasks.updated_at THEN excluded.status ELSE tasks.status END,
        description = COALESCE(excluded.description, tasks.description),
        model = COALESCE(excluded.model, tasks.model),
        cost_usd = COALESCE(excluded.cost_usd, tasks.cost_usd),
        error = COALESCE(excluded.error, tasks.error),
        created_at = LEAST(tasks.created_at, excluded.created_at),
        updated_at = GREATEST(tasks.updated_at, excluded.updated_at),
        started_at = LEAST(tasks.started_at, excluded.started_at),
        ended_at = GREATEST(tasks.ended_at, excluded.ended_at)`,
    [
      col('id'), col('status'), col('description'), col('model'), col('costUsd'), col('error'),
      col('createdAt'), col('updatedAt'), col('startedAt'), col('endedAt'),
    ],
  );
}

/** The SQLite store's session upsert (LEAST and GREATEST skip NULLs as its COALESCE(MIN(…)) does). */
async function upsertSessions(client: pg.ClientBase, rows: readonly SessionUpdate[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof SessionUpdate>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO sessions (id, project, model, model_ts, first_seen, last_seen)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[])
      ON CONFLICT (id) DO UPDATE SET
        project = COALESCE(sessions.project, excluded.project),
        model = CASE WHEN excluded.model IS NOT NULL AND excluded.model_ts >= sessions.last_seen THEN excluded.model ELSE sessions.model END,
        model_ts = CASE WHEN excluded.model IS NOT NULL AND excluded.model_ts >= sessions.last_seen THEN excluded.model_ts ELSE sessions.model_ts END,
        first_seen = LEAST(sessions.first_seen, excluded.first_seen),
        last_seen = GREATEST(sessions.last_seen, excluded.last_seen)`,
    [col('id'), col('project'), col('model'), rows.map((r) => (r.model === null ? null : r.modelTs)), col('first'), col('last')],
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
