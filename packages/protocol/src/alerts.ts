import { z } from 'zod';
import { unixSeconds } from './common.js';

/** The conditions a rule can name (the MONITORING_ALERTS file's `when`). */
export const alertConditionName = z.enum([
  'task_failed',
  'task_stale',
  'cost_over',
  'error_rate',
  'source_degraded',
  'no_data',
  'needs_input_for',
  'limit_over',
  'limit_projected',
]);
export type AlertConditionName = z.infer<typeof alertConditionName>;

export const alertChannelType = z.enum(['telegram', 'slack', 'discord', 'webhook']);
export const alertNotice = z.enum(['fired', 'resolved', 'reminder', 'test']);
export const alertDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

/** A rule as `GET /api/alerts` shows it. */
export const alertRule = z.object({
  name: z.string(),
  condition: alertConditionName,
  /** The condition's parameters as written (`{"usd": 50, "hours": 24}`). */
  params: z.record(z.string(), z.unknown()),
  notify: z.array(z.string()),
  repeat_after: z.number().nullable(),
  enabled: z.boolean(),
  /** Why the rule cannot be evaluated on this server (its data is missing), or null. */
  problem: z.string().nullable(),
});
export type AlertRule = z.infer<typeof alertRule>;

/** A channel: its name and type, never its secrets. */
export const alertChannel = z.object({ name: z.string(), type: alertChannelType });

/** An alert that is on. */
export const activeAlert = z.object({
  rule: z.string(),
  /** What it is about within the rule: a task id, a session, `all`. */
  instance: z.string(),
  condition: z.string(),
  title: z.string(),
  details: z.array(z.tuple([z.string(), z.string()])),
  link: z.string().nullable(),
  fired_at: unixSeconds,
  notified_at: unixSeconds,
});
export type ActiveAlertInfo = z.infer<typeof activeAlert>;

/** One notice to one channel, and what came of it. */
export const alertDelivery = z.object({
  id: z.number().int(),
  created_at: unixSeconds,
  rule: z.string(),
  instance: z.string(),
  notice: alertNotice,
  channel: z.string(),
  title: z.string(),
  status: alertDeliveryStatus,
  attempts: z.number().int().nonnegative(),
  /** When a pending delivery is tried next. */
  next_at: unixSeconds,
  delivered_at: unixSeconds.nullable(),
  last_error: z.string().nullable(),
});
export type AlertDeliveryInfo = z.infer<typeof alertDelivery>;

/** Deliveries `GET /api/alerts` lists, newest first. */
export const ALERT_DELIVERIES_LIMIT = 200;

/** `GET /api/alerts`. */
export const alertsStatus = z.object({
  /** False without a MONITORING_ALERTS file. */
  enabled: z.boolean(),
  /** Why the rules in force are not the file's current text (a refused edit), or another problem of alerts; null when none. */
  problem: z.string().nullable(),
  channels: z.array(alertChannel),
  rules: z.array(alertRule),
  /** Alerts on now (state conditions: until they resolve). */
  active: z.array(activeAlert),
  deliveries: z.array(alertDelivery),
});
export type AlertsStatus = z.infer<typeof alertsStatus>;

/** `POST /api/alerts/test` body. */
export const alertTestRequest = z.strictObject({ channel: z.string().min(1).max(100) });
export type AlertTestRequest = z.infer<typeof alertTestRequest>;

/** `POST /api/alerts/test` answer: the delivery as it stands once tried (or after the attempt's timeout). */
export const alertTestResult = z.object({ delivery: alertDelivery });
export type AlertTestResult = z.infer<typeof alertTestResult>;
