import type { UsagePoint } from '../store/limits.js';
import type { UsageTotals } from '../store/store.js';
import { addUsage, emptyUsage } from '../store/usage-totals.js';

/**
 * Requests of one agent summed per minute. A bucket holds the requests of the minute that
 * ends at `key`, (key - 60, key], so a request exactly on an hour (a block's end) is in the
 * bucket that ends there, and the first and last request times are kept exact: every block
 * boundary (an hour, or a gap of hours) falls between two buckets.
 */
export interface MinuteBucket extends UsageTotals {
  key: number;
  first: number;
  last: number;
}

export const bucketKey = (ts: number): number => Math.ceil(ts / 60) * 60;

export function emptyBucket(key: number, ts: number): MinuteBucket {
  return { key, first: ts, last: ts, ...emptyUsage() };
}

export function addPoint(b: MinuteBucket, p: UsagePoint): void {
  b.first = Math.min(b.first, p.ts);
  b.last = Math.max(b.last, p.ts);
  addUsage(b, { ...p, requests: 1 });
}


/** Index of the first bucket whose key is >= `key` (buckets sorted by key). */
export function lowerBound(buckets: readonly MinuteBucket[], key: number): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((buckets[mid] as MinuteBucket).key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
