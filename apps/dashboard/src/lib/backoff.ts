/** Reconnection delay options, in milliseconds. */
export interface BackoffOptions {
  /** First delay. Default 500. */
  min?: number;
  /** Largest delay. Default 5000. */
  max?: number;
  /** Share of the delay that is random, 0..1. Default 0.5. */
  jitter?: number;
}

/** Exponential backoff with jitter for attempt `n` (0-based); `random` is injectable for tests. */
export function backoffDelay(attempt: number, { min = 500, max = 5000, jitter = 0.5 }: BackoffOptions = {}, random = Math.random): number {
  const base = Math.min(max, min * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(base * (1 - jitter + jitter * random()));
}
