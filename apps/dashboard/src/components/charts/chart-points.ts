import type { Series } from '@amiga/protocol';
import { useMemo } from 'react';
import { fillSeries } from '../../lib/series';

/** One point of the time charts: costs by family and tokens by kind, flat. */
export interface ChartPoint {
  t: number;
  haiku: number;
  sonnet: number;
  opus: number;
  other: number;
  input: number;
  output: number;
  cache_creation: number;
  cache_read: number;
}

export function toChartPoints(series: Series, since: number, now: number): ChartPoint[] {
  return fillSeries(series, since, now).map((p) => ({
    t: p.t,
    ...p.cost,
    input: p.tokens.input,
    output: p.tokens.output,
    cache_creation: p.tokens.cache_creation,
    cache_read: p.tokens.cache_read,
  }));
}

/**
 * The filled points of a series, recomputed only when the series itself changes or the
 * window moves by a whole bucket: every update carries a new `timestamp` (and the window
 * start moves every minute), which alone must not redraw the charts.
 */
export function useChartPoints(series: Series, since: number, now: number): ChartPoint[] {
  const b = series.bucket_seconds > 0 ? series.bucket_seconds : 1;
  const first = Math.floor(since / b);
  const last = Math.floor(now / b);
  return useMemo(() => toChartPoints(series, since, now), [series, first, last]);
}
