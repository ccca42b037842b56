import type { SeriesPoint } from '@amiga/protocol';
import { pointCost } from './series';

export interface BurnRate {
  /** Dollars spent in the hour before `now`. */
  perHour: number;
  /** `perHour` sustained for 24 hours. */
  perDay: number;
}

/**
 * Cost over the last hour, from series buckets. A bucket that only partly overlaps the
 * hour counts in proportion to the overlap (a 2 h bucket half inside counts for its share).
 */
export function burnRate(points: readonly SeriesPoint[], bucketSeconds: number, now: number): BurnRate {
  const from = now - 3600;
  let spent = 0;
  for (const p of points) {
    const end = Math.min(p.t + bucketSeconds, now);
    const elapsed = end - p.t;
    if (elapsed <= 0) {
      if (p.t <= now && p.t >= from) spent += pointCost(p);
      continue;
    }
    const overlap = Math.min(end, now) - Math.max(p.t, from);
    if (overlap <= 0) continue;
    spent += pointCost(p) * Math.min(1, overlap / elapsed);
  }
  return { perHour: spent, perDay: spent * 24 };
}
