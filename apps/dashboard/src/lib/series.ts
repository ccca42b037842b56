import type { Series, SeriesPoint } from '@amiga/protocol';

/** Most buckets a filled series may hold (a guard against a bad `bucket_seconds`). */
const MAX_POINTS = 2_000;

export function emptyPoint(t: number): SeriesPoint {
  return {
    t,
    cost: { haiku: 0, sonnet: 0, opus: 0, other: 0 },
    tokens: { input: 0, output: 0, cache_creation: 0, cache_read: 0 },
    requests: 0,
    tool_calls: 0,
  };
}

/**
 * Every bucket from the window start to `now`, oldest first: the server may send only
 * non-empty buckets, so missing ones are filled with zeroes on the points' own grid.
 */
export function fillSeries(series: Series, since: number, now: number): SeriesPoint[] {
  const b = series.bucket_seconds;
  if (!(b > 0) || now < since) return [...series.points];
  const byT = new Map(series.points.map((p) => [p.t, p]));
  const first = series.points[0];
  const offset = first ? ((first.t % b) + b) % b : 0;
  let start = Math.floor((since - offset) / b) * b + offset;
  const last = Math.max(now, series.points.at(-1)?.t ?? now);
  if ((last - start) / b > MAX_POINTS) start = Math.floor((last - MAX_POINTS * b - offset) / b) * b + offset;
  const out: SeriesPoint[] = [];
  for (let t = start; t <= last; t += b) out.push(byT.get(t) ?? emptyPoint(t));
  // Points off the grid (should not happen) are kept rather than silently lost.
  if (byT.size > 0 && out.filter((p) => byT.has(p.t)).length < byT.size) {
    const seen = new Set(out.map((p) => p.t));
    for (const p of series.points) if (!seen.has(p.t)) out.push(p);
    out.sort((x, y) => x.t - y.t);
  }
  return out;
}

export function pointCost(p: SeriesPoint): number {
  return p.cost.haiku + p.cost.sonnet + p.cost.opus + p.cost.other;
}
