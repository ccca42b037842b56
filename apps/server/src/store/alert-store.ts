/**
 * What the store keeps for alerts (issue 18): which alerts are active, and the outbox of
 * notices to deliver. The statements are shared by SQLite and PostgreSQL (`@name`
 * parameters; PostgreSQL compiles them with `sql`), so both stores behave the same.
 */

/** `state`: true for a while, then resolved (a budget crossed); `event`: fires once per instance (a failed task). */
export type AlertKind = 'state' | 'event';
/** What a notice says: the alert fired, resolved, is still on (`repeat_after`), or a channel test. */
export type NoticeKind = 'fired' | 'resolved' | 'reminder' | 'test';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** An alert on, as the store keeps it: one row per rule and instance (the task, the session, the project…). */
export interface ActiveAlert {
  rule: string;
  instance: string;
  kind: AlertKind;
  /** Unix seconds. */
  firedAt: number;
  /** Last notice sent for it (the firing, or a reminder), Unix seconds. */
  notifiedAt: number;
  /** The alert's facts when it fired (a JSON object). */
  alert: Record<string, unknown>;
}

/**
 * A change an evaluator asks for. Each takes effect only when the stored state allows it, in
 * the same transaction as its notices: `fire` when the alert is not on, `resolve` when it is,
 * `remind` when its last notice is older than `notifiedBefore`. So a notice is recorded once,
 * however many evaluators (nodes, restarts) ask.
 */
export type AlertChange =
  | { type: 'fire'; rule: string; instance: string; kind: AlertKind; at: number; alert: Record<string, unknown>; channels: readonly string[] }
  | { type: 'resolve'; rule: string; instance: string; at: number; alert: Record<string, unknown>; channels: readonly string[] }
  | { type: 'remind'; rule: string; instance: string; at: number; notifiedBefore: number; alert: Record<string, unknown>; channels: readonly string[] }
  /** Forgets an active alert without a notice (its rule was removed from the file). */
  | { type: 'drop'; rule: string; instance: string }
  /** A test message: notices only. */
  | { type: 'test'; at: number; alert: Record<string, unknown>; channels: readonly string[] };

/** One notice to one channel. */
export interface Delivery {
  id: number;
  createdAt: number;
  rule: string;
  instance: string;
  notice: NoticeKind;
  channel: string;
  alert: Record<string, unknown>;
  status: DeliveryStatus;
  attempts: number;
  /** When a pending delivery is next tried, Unix seconds (wall clock; 0: at once). */
  nextAt: number;
  deliveredAt: number | null;
  lastError: string | null;
}

/** What came of an attempt: delivered, failed for good, or pending again (`nextAt`). */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  attempts: number;
  nextAt: number;
  deliveredAt?: number | null;
  error?: string | null;
}

export interface AlertStore {
  /** Applies the changes in one transaction (see AlertChange); resolves with the notices recorded. */
  applyAlertChanges(changes: readonly AlertChange[]): Promise<number>;
  activeAlerts(): Promise<ActiveAlert[]>;
  /** Pending deliveries due at `now` (Unix seconds), oldest first. */
  dueDeliveries(now: number, limit: number): Promise<Delivery[]>;
  /** The earliest `nextAt` of a pending delivery, or null when none is pending. */
  nextDeliveryAt(): Promise<number | null>;
  /** Records an attempt's outcome, if the delivery is still pending (a settled one stays as it is). */
  settleDelivery(id: number, outcome: DeliveryOutcome): Promise<void>;
  /** The newest `limit` deliveries, newest first. */
  recentDeliveries(limit: number): Promise<Delivery[]>;
  /** Forgets event alerts fired before `before`, and settled deliveries beyond the newest `keep`. */
  pruneAlerts(before: number, keep: number): Promise<void>;
}

/** A delivery row as both stores read it. */
export interface DeliveryRow {
  id: number;
  created_at: number;
  rule: string;
  instance: string;
  notice: NoticeKind;
  channel: string;
  alert: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

export interface ActiveRow {
  rule: string;
  instance: string;
  kind: AlertKind;
  fired_at: number;
  notified_at: number;
  alert: string;
}

export const toDelivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  createdAt: r.created_at,
  rule: r.rule,
  instance: r.instance,
  notice: r.notice,
  channel: r.channel,
  alert: JSON.parse(r.alert) as Record<string, unknown>,
  status: r.status,
  attempts: r.attempts,
  nextAt: r.next_at,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
});

export const toActive = (r: ActiveRow): ActiveAlert => ({
  rule: r.rule,
  instance: r.instance,
  kind: r.kind,
  firedAt: r.fired_at,
  notifiedAt: r.notified_at,
  alert: JSON.parse(r.alert) as Record<string, unknown>,
});

const DELIVERY_COLUMNS = 'id, created_at, rule, instance, notice, channel, alert, status, attempts, next_at, delivered_at, last_error';

/** The statements of both stores (each returns the rows it changed, so the caller knows whether it took effect). */
export const ALERT_SQL = {
  fire: `INSERT INTO alert_active (rule, instance, kind, fired_at, notified_at, alert) VALUES (@rule, @instance, @kind, @at, @at, @alert)
    ON CONFLICT (rule, instance) DO NOTHING RETURNING rule`,
  resolve: 'DELETE FROM alert_active WHERE rule = @rule AND instance = @instance RETURNING rule',
  remind: `UPDATE alert_active SET notified_at = @at WHERE rule = @rule AND instance = @instance AND notified_at < @notifiedBefore RETURNING rule`,
  drop: 'DELETE FROM alert_active WHERE rule = @rule AND instance = @instance RETURNING rule',
  enqueue: `INSERT INTO alert_outbox (created_at, rule, instance, notice, channel, alert, status, attempts, next_at)
    VALUES (@at, @rule, @instance, @notice, @channel, @alert, 'pending', 0, 0)`,
  active: 'SELECT rule, instance, kind, fired_at, notified_at, alert FROM alert_active ORDER BY fired_at, rule, instance',
  due: `SELECT ${DELIVERY_COLUMNS} FROM alert_outbox WHERE status = 'pending' AND next_at <= @now ORDER BY next_at, id LIMIT @limit`,
  nextAt: "SELECT MIN(next_at) AS next_at FROM alert_outbox WHERE status = 'pending'",
  settle: `UPDATE alert_outbox SET status = @status, attempts = @attempts, next_at = @nextAt, delivered_at = @deliveredAt, last_error = @error
    WHERE id = @id AND status = 'pending'`,
  recent: `SELECT ${DELIVERY_COLUMNS} FROM alert_outbox ORDER BY id DESC LIMIT @limit`,
  pruneEvents: "DELETE FROM alert_active WHERE kind = 'event' AND fired_at < @before",
  pruneOutbox: `DELETE FROM alert_outbox WHERE status <> 'pending' AND id <= (SELECT id FROM alert_outbox ORDER BY id DESC LIMIT 1 OFFSET @keep)`,
} as const;

/** The notice a change records, and its parameters (null: the change records none). */
export function changeStatement(c: AlertChange): { statement: keyof typeof ALERT_SQL; params: Record<string, unknown> } | null {
  switch (c.type) {
    case 'fire':
      return { statement: 'fire', params: { rule: c.rule, instance: c.instance, kind: c.kind, at: c.at, alert: JSON.stringify(c.alert) } };
    case 'resolve':
      return { statement: 'resolve', params: { rule: c.rule, instance: c.instance } };
    case 'remind':
      return { statement: 'remind', params: { rule: c.rule, instance: c.instance, at: c.at, notifiedBefore: c.notifiedBefore } };
    case 'drop':
      return { statement: 'drop', params: { rule: c.rule, instance: c.instance } };
    case 'test':
      return null;
  }
}

const NOTICE: Record<AlertChange['type'], NoticeKind | null> = { fire: 'fired', resolve: 'resolved', remind: 'reminder', drop: null, test: 'test' };

/** The outbox rows a change writes once it took effect: one per channel. */
export function noticeRows(c: AlertChange): Array<Record<string, unknown>> {
  const notice = NOTICE[c.type];
  if (notice === null || c.type === 'drop') return [];
  const rule = c.type === 'test' ? '' : c.rule;
  const instance = c.type === 'test' ? '' : c.instance;
  const alert = JSON.stringify(c.alert);
  return c.channels.map((channel) => ({ at: c.at, rule, instance, notice, channel, alert }));
}
