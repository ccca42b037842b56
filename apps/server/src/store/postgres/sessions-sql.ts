import type pg from 'pg';
import type { SessionsDialect } from '../session-queries.js';
import { listSessions, readSession, type RunSql, type SessionListPage, type SessionListQuery, type SessionRead, type SessionReadQuery } from '../session-reads.js';
import { readTask, readTaskLinks, type TaskLinks, type TaskRead } from '../task-sessions.js';
import { pgText, sql } from './pg-values.js';

/**
 * PostgreSQL reads an event's session id and model by pattern from the JSON text (jsonb refuses
 * the NUL escapes JSON.stringify may write, and a pattern never fails a write through the
 * `events_session` index): each as its JSON string literal, which `to_json(text)` also writes.
 */
const jsonField = (name: string) => `substring(e.data from '"${name}":("(?:[^"\\\\]|\\\\.)*")')`;

export const POSTGRES_SESSIONS: SessionsDialect = {
  eventSession: jsonField('sessionId'),
  sessionKeyOf: (column) => `to_json(${column}::text)::text`,
  eventModel: jsonField('model'),
  jsonValue: (text) => JSON.stringify(pgText(text)),
  fromJson: (value) => JSON.parse(value) as string,
  sessionEvents: 'events e',
  sessionHour: 'rollup_hour',
  sessionMinute: 'rollup_minute',
};

/** A runner of session-queries.ts statements on one client (compiled to `$1…` once per text). */
function runner(client: pg.ClientBase): RunSql {
  return async (text, params) => {
    const clean = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? pgText(v) : v]));
    return (await client.query(sql(text)(clean))).rows as Array<Record<string, unknown>>;
  };
}

export const listSessionsPg = (client: pg.ClientBase, q: SessionListQuery): Promise<SessionListPage> => listSessions(runner(client), q, POSTGRES_SESSIONS);
export const readSessionPg = (client: pg.ClientBase, q: SessionReadQuery): Promise<SessionRead | null> => readSession(runner(client), q, POSTGRES_SESSIONS);
export const readTaskPg = (client: pg.ClientBase, id: string): Promise<TaskRead | null> => readTask(runner(client), id, POSTGRES_SESSIONS);
export const readTaskLinksPg = (client: pg.ClientBase, ids: readonly string[]): Promise<Map<string, TaskLinks>> => readTaskLinks(runner(client), ids, POSTGRES_SESSIONS);
