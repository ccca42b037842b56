import type pg from 'pg';
import { ALERT_SQL, changeStatement, noticeRows, toActive, toDelivery, type ActiveRow, type AlertStore, type DeliveryRow } from '../alert-store.js';
import { pgText, sql } from './pg-values.js';

const Q = Object.fromEntries(Object.entries(ALERT_SQL).map(([name, text]) => [name, sql(text)])) as Record<keyof typeof ALERT_SQL, ReturnType<typeof sql>>;

type Run = <T>(fn: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/** Strings as PostgreSQL text can hold them (see pgText). */
const clean = (params: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? pgText(v) : v]));

/**
 * The alert tables of a PostgreSQL store (see alert-store.ts). `transaction` runs in one
 * READ COMMITTED transaction: a `fire` of an alert another node fires at the same time waits
 * on the row's key and then does nothing, so each notice is recorded once in the cluster.
 */
export function postgresAlertStore(query: Run, transaction: Run): AlertStore {
  const rows = async <T>(client: pg.ClientBase, name: keyof typeof ALERT_SQL, params: Record<string, unknown> = {}): Promise<T[]> =>
    (await client.query<T & pg.QueryResultRow>(Q[name](clean(params)))).rows;
  return {
    applyAlertChanges: (changes) =>
      transaction(async (client) => {
        let notices = 0;
        for (const change of changes) {
          const guard = changeStatement(change);
          if (guard && (await rows(client, guard.statement, guard.params)).length === 0) continue;
          for (const row of noticeRows(change)) {
            await rows(client, 'enqueue', row);
            notices += 1;
          }
        }
        return notices;
      }),
    activeAlerts: () => query(async (client) => (await rows<ActiveRow>(client, 'active')).map(toActive)),
    dueDeliveries: (now, limit) => query(async (client) => (await rows<DeliveryRow>(client, 'due', { now, limit })).map(toDelivery)),
    nextDeliveryAt: () => query(async (client) => (await rows<{ next_at: number | null }>(client, 'nextAt'))[0]?.next_at ?? null),
    settleDelivery: (id, o) =>
      query(async (client) => {
        await rows(client, 'settle', { id, status: o.status, attempts: o.attempts, nextAt: o.nextAt, deliveredAt: o.deliveredAt ?? null, error: o.error ?? null });
      }),
    recentDeliveries: (limit) => query(async (client) => (await rows<DeliveryRow>(client, 'recent', { limit })).map(toDelivery)),
    pruneAlerts: (before, keep) =>
      transaction(async (client) => {
        await rows(client, 'pruneEvents', { before });
        await rows(client, 'pruneOutbox', { keep });
      }),
  };
}
