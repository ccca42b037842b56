import { HISTORY_BUCKETS, HISTORY_MAX_POINTS, type HistoryRequest } from '@amiga/protocol';

/** Most points a history chart is drawn with (the live series has 48 to 96). */
export const HISTORY_CHART_POINTS = 200;

/**
 * The smallest history bucket that draws `rangeSeconds` in at most `maxPoints` points
 * (and never more than the server's HISTORY_MAX_POINTS); the largest bucket when none does.
 */
export function historyBucket(rangeSeconds: number, maxPoints = HISTORY_CHART_POINTS): number {
  const limit = Math.min(maxPoints, HISTORY_MAX_POINTS);
  // One bucket more than the range divides into: the start is rounded down to a whole bucket.
  const fits = HISTORY_BUCKETS.find((b) => Math.ceil(rangeSeconds / b) + 1 <= limit);
  return fits ?? (HISTORY_BUCKETS.at(-1) as number);
}

/**
 * The history request that draws a window ending at `now` (Unix seconds): the start
 * rounded down to a whole bucket (the server rounds the same way), so every refresh asks
 * for the same grid until a bucket goes by. `to` is `now`.
 */
export function historyRequestFor(hours: number, now: number, maxPoints = HISTORY_CHART_POINTS): Required<Pick<HistoryRequest, 'from' | 'to' | 'bucket'>> {
  const range = hours * 3600;
  const bucket = historyBucket(range, maxPoints);
  let from = Math.floor((now - range) / bucket) * bucket;
  // A range longer than the largest bucket can draw within the server's limit is cut to what it can.
  if ((now - from) / bucket > HISTORY_MAX_POINTS) from = Math.ceil((now - HISTORY_MAX_POINTS * bucket) / bucket) * bucket;
  return { from, to: now, bucket };
}
