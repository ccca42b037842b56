import type Database from 'better-sqlite3';
import type { SessionsDialect } from '../session-queries.js';
import { readTask, readTaskLinks, type TaskLinks, type TaskRead } from '../task-sessions.js';
import { listSessions, readSession, type RunSql, type SessionListPage, type SessionListQuery, type SessionRead, type SessionReadQuery } from '../session-reads.js';

/** SQLite reads an event's session id and model with json_extract (the expression `events_session` indexes). */
export const SQLITE_SESSIONS: SessionsDialect = {
  eventSession: "json_extract(e.data, '$.sessionId')",
  // Unary + drops the column's TEXT affinity, which would otherwise keep the comparison off the expression index.
  sessionKeyOf: (column) => `+${column}`,
  eventModel: "json_extract(e.data, '$.model')",
  jsonValue: (text) => text,
  fromJson: (value) => value,
  sessionEvents: 'events e INDEXED BY events_session',
  sessionHour: 'rollup_hour INDEXED BY rollup_hour_session',
  sessionMinute: 'rollup_minute INDEXED BY rollup_minute_session',
};

/** The sessions API's reads on one SQLite database, each in one read transaction; statements are prepared once per text. */
export function sqliteSessions(db: Database.Database): {
  list(q: SessionListQuery): Promise<SessionListPage>;
  read(q: SessionReadQuery): Promise<SessionRead | null>;
  task(id: string): Promise<TaskRead | null>;
  taskLinks(ids: readonly string[]): Promise<Map<string, TaskLinks>>;
} {
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => {
    let s = prepared.get(text);
    if (!s) {
      s = db.prepare(text);
      // Filter combinations are few; a runaway cache is not possible, but stays bounded anyway.
      if (prepared.size > 500) prepared.clear();
      prepared.set(text, s);
    }
    return s;
  };
  const run: RunSql = async (text, params) => statement(text).all(params) as Array<Record<string, unknown>>;
  // better-sqlite3 answers synchronously: the awaits between statements yield no turn to a commit.
  return {
    list: (q) => listSessions(run, q, SQLITE_SESSIONS),
    read: (q) => readSession(run, q, SQLITE_SESSIONS),
    task: (id) => readTask(run, id, SQLITE_SESSIONS),
    taskLinks: (ids) => readTaskLinks(run, ids, SQLITE_SESSIONS),
  };
}
