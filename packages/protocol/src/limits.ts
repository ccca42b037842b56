/**
 * Limits and defaults of the contract. Client-supplied numbers outside a range are
 * clamped into it (as the original Flask-SocketIO monitor's guide recommends), never refused.
 */
export const HOURS_MIN = 1;
export const HOURS_MAX = 168;
/** Window used when a client gives none. */
export const HOURS_DEFAULT = 24;

/** Update interval bounds, in seconds. */
export const INTERVAL_MIN = 1;
export const INTERVAL_MAX = 60;
/** Interval used when a client gives none, in seconds. */
export const INTERVAL_DEFAULT = 2;

/** Entries in a snapshot's activity feed, newest first. */
export const ACTIVITY_LIMIT = 20;
/** Sessions listed in a snapshot (most recently active first); the totals count all. */
export const SESSION_LIST_LIMIT = 50;
/** Models and tool names listed by name in a snapshot's maps (the busiest); the rest are summed under OTHER_KEY. */
export const SNAPSHOT_KEYS_LIMIT = 100;
/** Distinct model and tool names the store keeps apart; later new names are counted under OTHER_KEY. */
export const STORE_KEYS_LIMIT = 1_000;
/** The name under which capped entries are summed. */
export const OTHER_KEY = '(other)';

/** Tasks listed in a snapshot (most recently updated first). */
export const RECENT_TASKS_LIMIT = 20;

/** Most events one ingest request may carry. */
export const INGEST_MAX_EVENTS = 10_000;
/** Longest string accepted in an ingest event field (ids, names, descriptions). */
export const INGEST_MAX_STRING = 2_000;
/** Largest token count accepted for one request (guards against garbage, far above any real response). */
export const INGEST_MAX_TOKENS = 100_000_000;

/** Clamp `value` into [min, max], truncating fractions as the original monitor's `int()` did. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** A client-given window in hours, clamped; the default when absent (socket events and query strings alike). */
export function effectiveHours(hours: number | undefined): number {
  return hours === undefined ? HOURS_DEFAULT : clamp(hours, HOURS_MIN, HOURS_MAX);
}

/** A client-given update interval in seconds, clamped; the default when absent. */
export function effectiveInterval(interval: number | undefined): number {
  return interval === undefined ? INTERVAL_DEFAULT : clamp(interval, INTERVAL_MIN, INTERVAL_MAX);
}
