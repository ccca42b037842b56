import type pg from 'pg';
import type { LimitsData, LimitsWrite, UsagePoint } from '../limits.js';
import { fromLimitRow, fromSessionRow, LIMITS_SQL, limitRow, sessionRow, STATUSLINE_SESSIONS_LIMIT, usagePoint, type LimitRow, type SessionRow } from '../limits-rows.js';
import { byKey } from '../order.js';
import { pgText, sql } from './pg-values.js';

const Q = Object.fromEntries(Object.entries(LIMITS_SQL).map(([name, text]) => [name, sql(text)])) as Record<keyof typeof LIMITS_SQL, ReturnType<typeof sql>>;

const clean = <T extends Record<string, unknown>>(row: T): T =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? pgText(v) : v])) as T;

/** Writes limit reports and sessions inside the caller's transaction, in key order (concurrent writers wait, never deadlock). */
export async function writeLimits(client: pg.ClientBase, w: LimitsWrite): Promise<void> {
  const limits = [...w.limits].sort((a, b) => byKey(a.agent, b.agent) || byKey(a.window, b.window) || byKey(a.machine, b.machine));
  for (const r of limits) await client.query(Q.upsertLimit(clean(limitRow(r))));
  const sessions = [...w.sessions].sort((a, b) => byKey(a.sessionId, b.sessionId) || byKey(a.machine, b.machine));
  for (const s of sessions) await client.query(Q.upsertSession(clean(sessionRow(s))));
}

export async function readLimits(client: pg.ClientBase): Promise<LimitsData> {
  const limits = await client.query<LimitRow>(Q.readLimits({}));
  const sessions = await client.query<SessionRow>(Q.readSessions({ limit: STATUSLINE_SESSIONS_LIMIT }));
  return { limits: limits.rows.map(fromLimitRow), sessions: sessions.rows.map(fromSessionRow) };
}

export async function readUsage(client: pg.ClientBase, since: number): Promise<UsagePoint[]> {
  const { rows } = await client.query<{ ts: number; data: string }>(Q.readUsage({ since }));
  return rows.map((r) => usagePoint(r.ts, r.data)).filter((p): p is UsagePoint => p !== null);
}
