/** How deliveries are retried (MONITORING_ALERT_RETRY_MS, MONITORING_ALERT_RETRY_FOR, MONITORING_ALERT_TIMEOUT_MS). */
export interface RetryPolicy {
  /** The first retry's delay, ms (then doubling). Default 1000. */
  firstMs: number;
  /** Longest delay between two attempts, ms. Default 300000 (5 min). */
  maxMs: number;
  /** A delivery still failing this many seconds after it was recorded fails for good. Default 86400 (24 h). */
  retryForSeconds: number;
  /** One attempt's timeout, ms. Default 10000. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstMs: 1000, maxMs: 300_000, retryForSeconds: 86_400, timeoutMs: 10_000 };

/**
 * Seconds before attempt `attempts + 1`: exponential from `firstMs`, capped at `maxMs`, with
 * jitter (between half and all of it, so endpoints that failed together are not hit together
 * again), and never sooner than the endpoint's Retry-After.
 */
export function retryDelaySeconds(attempts: number, policy: RetryPolicy, retryAfterSeconds?: number, random = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, attempts - 1));
  const jittered = (exp / 2 + (random() * exp) / 2) / 1000;
  return Math.max(jittered, retryAfterSeconds ?? 0);
}
