import type Database from 'better-sqlite3';
import type { LimitsData, LimitsWrite, UsagePoint } from '../limits.js';
import { fromLimitRow, fromSessionRow, LIMITS_SQL, limitRow, sessionRow, STATUSLINE_SESSIONS_LIMIT, usagePoint, type LimitRow, type SessionRow } from '../limits-rows.js';

/** The limit tables on SQLite (see schema.ts, migration "plan limits"). */
export function sqliteLimits(db: Database.Database) {
  const s = Object.fromEntries(Object.entries(LIMITS_SQL).map(([name, text]) => [name, db.prepare(text)])) as Record<keyof typeof LIMITS_SQL, Database.Statement>;
  const write = db.transaction((w: LimitsWrite) => {
    for (const r of w.limits) s.upsertLimit.run(limitRow(r));
    for (const x of w.sessions) s.upsertSession.run(sessionRow(x));
  });
  return {
    write: (w: LimitsWrite): void => write(w),
    read: (): LimitsData => ({
      limits: (s.readLimits.all() as LimitRow[]).map(fromLimitRow),
      sessions: (s.readSessions.all({ limit: STATUSLINE_SESSIONS_LIMIT }) as SessionRow[]).map(fromSessionRow),
    }),
    usage: (since: number): UsagePoint[] => {
      const out: UsagePoint[] = [];
      for (const row of s.readUsage.iterate({ since }) as Iterable<{ ts: number; data: string }>) {
        const p = usagePoint(row.ts, row.data);
        if (p) out.push(p);
      }
      return out;
    },
  };
}
