import type pg from 'pg';
import { emptyCounts, fromDbRow, LIVE_COLUMNS, toDbRow, type LiveChange, type LiveDbRow, type LiveList, type LiveQuery, type LiveWrite } from '../live.js';
import { pgText } from './pg-values.js';

/** A placeholder state: the row `claim` inserted for a session not stored before. */
const NEW = '';

/**
 * Runs a live write inside the caller's transaction. The session's row is claimed as
 * requests are (write-batch.ts): INSERT … ON CONFLICT DO UPDATE with a no-op returns the
 * committed row locked, or a placeholder this transaction inserted, so of two nodes
 * moving one session at once the second computes from the first's committed row.
 * A sweep marks stale with one conditional UPDATE: only the node whose update changed
 * a row reports it (and emits its `session_state`).
 */
/** Runs a batch's live writes in order inside the caller's transaction; returns every row they changed. */
export async function writeLives(client: pg.ClientBase, writes: readonly LiveWrite[]): Promise<LiveChange[]> {
  const changes: LiveChange[] = [];
  for (const w of writes) changes.push(...(await writeLive(client, w)));
  return changes;
}

async function writeLive(client: pg.ClientBase, w: LiveWrite): Promise<LiveChange[]> {
  if (w.kind === 'sweep') {
    const { rows } = await client.query<LiveDbRow>(
      `WITH stale AS (SELECT session_id FROM live_sessions WHERE state = 'working' AND last_event_at < $1 ORDER BY session_id FOR UPDATE SKIP LOCKED)
        UPDATE live_sessions l SET state = 'stale', since = $2, tool = NULL FROM stale WHERE l.session_id = stale.session_id
        RETURNING ${LIVE_COLUMNS.split(', ').map((c) => `l.${c}`).join(', ')}`,
      [w.staleBefore, w.now],
    );
    return rows
      .map(fromDbRow)
      .sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1))
      .map((next) => ({ previous: { ...next, state: 'working', since: next.since }, next }));
  }
  const id = pgText(w.sessionId);
  const { rows } = await client.query<LiveDbRow>(
    `INSERT INTO live_sessions (session_id, agent, state, since, last_event_at) VALUES ($1, '', '${NEW}', 0, 0)
      ON CONFLICT (session_id) DO UPDATE SET session_id = live_sessions.session_id
      RETURNING ${LIVE_COLUMNS}`,
    [id],
  );
  const claimed = rows[0];
  const previous = claimed === undefined || claimed.state === NEW ? null : fromDbRow(claimed);
  if (w.log) {
    await client.query('INSERT INTO hook_events (ts, session_id, event, tool, detail) VALUES ($1, $2, $3, $4, $5)', [
      w.log.ts,
      id,
      pgText(w.log.event),
      pgText(w.log.tool),
      pgText(w.log.detail),
    ]);
  }
  const next = w.next(previous);
  if (next === null) {
    if (previous === null) await client.query('DELETE FROM live_sessions WHERE session_id = $1', [id]);
    return [];
  }
  const r = toDbRow({ ...next, sessionId: id });
  await client.query(
    `UPDATE live_sessions SET agent = $2, project = $3, state = $4, since = $5, tool = $6, message = $7, subagents = $8, last_event_at = $9
      WHERE session_id = $1`,
    [id, pgText(r.agent), pgText(r.project), r.state, r.since, pgText(r.tool), pgText(r.message), pgText(r.subagents), r.last_event_at],
  );
  return [{ previous, next: { ...next, sessionId: id } }];
}

const LISTED = "last_event_at >= $1 AND (state <> 'ended' OR since >= $2)";

export async function readLive(client: pg.ClientBase, q: LiveQuery): Promise<LiveList> {
  const list = await client.query<LiveDbRow>(
    `SELECT ${LIVE_COLUMNS} FROM live_sessions WHERE ${LISTED} ORDER BY last_event_at DESC, session_id LIMIT $3`,
    [q.since, q.endedSince, q.limit],
  );
  const counted = await client.query<{ state: string; n: number }>(
    `SELECT state, COUNT(*)::int AS n FROM live_sessions WHERE ${LISTED} GROUP BY state`,
    [q.since, q.endedSince],
  );
  const counts = emptyCounts();
  for (const { state, n } of counted.rows) if (state in counts) counts[state as keyof typeof counts] = n;
  return { sessions: list.rows.map(fromDbRow), counts };
}
