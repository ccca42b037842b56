import type Database from 'better-sqlite3';
import { ALERT_SQL, changeStatement, noticeRows, toActive, toDelivery, type ActiveRow, type AlertChange, type AlertStore, type DeliveryRow } from '../alert-store.js';

/** The alert tables of a SQLite store (see alert-store.ts); each call is one transaction. */
export function sqliteAlertStore(db: Database.Database): AlertStore {
  const s = Object.fromEntries(Object.entries(ALERT_SQL).map(([name, text]) => [name, db.prepare(text)])) as Record<keyof typeof ALERT_SQL, Database.Statement>;
  const apply = db.transaction((changes: readonly AlertChange[]) => {
    let notices = 0;
    for (const change of changes) {
      const guard = changeStatement(change);
      if (guard && s[guard.statement].all(guard.params).length === 0) continue;
      for (const row of noticeRows(change)) {
        s.enqueue.run(row);
        notices += 1;
      }
    }
    return notices;
  });
  const prune = db.transaction((before: number, keep: number) => {
    s.pruneEvents.run({ before });
    s.pruneOutbox.run({ keep });
  });
  return {
    applyAlertChanges: async (changes) => apply(changes),
    activeAlerts: async () => (s.active.all() as ActiveRow[]).map(toActive),
    dueDeliveries: async (now, limit) => (s.due.all({ now, limit }) as DeliveryRow[]).map(toDelivery),
    nextDeliveryAt: async () => (s.nextAt.get() as { next_at: number | null }).next_at,
    settleDelivery: async (id, o) => {
      s.settle.run({ id, status: o.status, attempts: o.attempts, nextAt: o.nextAt, deliveredAt: o.deliveredAt ?? null, error: o.error ?? null });
    },
    recentDeliveries: async (limit) => (s.recent.all({ limit }) as DeliveryRow[]).map(toDelivery),
    pruneAlerts: async (before, keep) => prune(before, keep),
  };
}
