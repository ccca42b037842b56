import type Database from 'better-sqlite3';
import { emptyCounts, fromDbRow, LIVE_COLUMNS, toDbRow, type LiveChange, type LiveDbRow, type LiveList, type LiveQuery, type LiveWrite } from '../live.js';

const LISTED = "last_event_at >= @since AND (state <> 'ended' OR since >= @endedSince)";

/** The SQLite statements of live session state (tables `live_sessions`, `hook_events`). */
export function liveStatements(db: Database.Database) {
  const s = {
    get: db.prepare(`SELECT ${LIVE_COLUMNS} FROM live_sessions WHERE session_id = ?`),
    upsert: db.prepare(`INSERT INTO live_sessions (${LIVE_COLUMNS})
      VALUES (@session_id, @agent, @project, @state, @since, @tool, @message, @subagents, @last_event_at)
      ON CONFLICT (session_id) DO UPDATE SET agent = excluded.agent, project = excluded.project, state = excluded.state,
        since = excluded.since, tool = excluded.tool, message = excluded.message, subagents = excluded.subagents,
        last_event_at = excluded.last_event_at`),
    log: db.prepare('INSERT INTO hook_events (ts, session_id, event, tool, detail) VALUES (@ts, @sessionId, @event, @tool, @detail)'),
    stale: db.prepare(`SELECT ${LIVE_COLUMNS} FROM live_sessions WHERE state = 'working' AND last_event_at < ? ORDER BY session_id`),
    markStale: db.prepare("UPDATE live_sessions SET state = 'stale', since = @now, tool = NULL WHERE session_id = @id AND state = 'working'"),
    list: db.prepare(`SELECT ${LIVE_COLUMNS} FROM live_sessions WHERE ${LISTED} ORDER BY last_event_at DESC, session_id LIMIT @limit`),
    counts: db.prepare(`SELECT state, COUNT(*) AS n FROM live_sessions WHERE ${LISTED} GROUP BY state`),
  };

  return {
    /** Runs a live write inside the caller's transaction; returns the rows it changed. */
    write(w: LiveWrite): { changes: LiveChange[]; logged: boolean } {
      if (w.kind === 'sweep') {
        const changes: LiveChange[] = [];
        for (const row of s.stale.all(w.staleBefore) as LiveDbRow[]) {
          const previous = fromDbRow(row);
          s.markStale.run({ id: previous.sessionId, now: w.now });
          changes.push({ previous, next: { ...previous, state: 'stale', since: w.now, tool: null } });
        }
        return { changes, logged: false };
      }
      const stored = s.get.get(w.sessionId) as LiveDbRow | undefined;
      const previous = stored ? fromDbRow(stored) : null;
      const next = w.next(previous);
      if (w.log) s.log.run(w.log);
      if (next === null) return { changes: [], logged: w.log !== undefined };
      s.upsert.run(toDbRow(next));
      return { changes: [{ previous, next }], logged: w.log !== undefined };
    },
    read(q: LiveQuery): LiveList {
      const params = { since: q.since, endedSince: q.endedSince };
      const counts = emptyCounts();
      for (const { state, n } of s.counts.all(params) as Array<{ state: keyof typeof counts; n: number }>) if (state in counts) counts[state] = n;
      return { sessions: (s.list.all({ ...params, limit: q.limit }) as LiveDbRow[]).map(fromDbRow), counts };
    },
  };
}
