import type { Series, SeriesPoint } from '@amiga/protocol';
import { useMemo } from 'react';
import { fillSeries } from '../../lib/series';

/** The model providers costs are split by (`costs.by_provider`, a point's `cost_by_provider`). */
export const PROVIDERS = ['anthropic', 'openai', 'google', 'other'] as const;
export type Provider = (typeof PROVIDERS)[number];
export type ProviderCosts = Record<Provider, number>;

export const PROVIDER_LABELS: Record<Provider, string> = { anthropic: 'Anthropic', openai: 'OpenAI', google: 'Google', other: 'other' };

/** Colours that read on both themes. */
export const PROVIDER_COLORS: Record<Provider, string> = { anthropic: '#d97706', openai: '#10b981', google: '#3b82f6', other: '#94a3b8' };

/** One point of the cost-by-provider chart. */
export interface ProviderPoint extends ProviderCosts {
  t: number;
}

const ZERO: ProviderCosts = { anthropic: 0, openai: 0, google: 0, other: 0 };

/** Filled series points as chart points; a point without `cost_by_provider` (an empty bucket, an older server) is zero. */
export function toProviderPoints(points: readonly SeriesPoint[]): ProviderPoint[] {
  return points.map((p) => ({ t: p.t, ...ZERO, ...p.cost_by_provider }));
}

/** The providers that cost anything in these points, in PROVIDERS order. */
export function providersIn(points: readonly ProviderCosts[]): Provider[] {
  return PROVIDERS.filter((k) => points.some((p) => p[k] > 0));
}

/** `costs.by_provider` as slices of a pie: providers with a cost, largest first, with their share of the total. */
export function providerSlices(byProvider: Partial<ProviderCosts> | undefined): { name: Provider; value: number; share: number }[] {
  const slices = PROVIDERS.map((name) => ({ name, value: byProvider?.[name] ?? 0 })).filter((s) => s.value > 0);
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  return slices.map((s) => ({ ...s, share: total > 0 ? s.value / total : 0 })).sort((a, b) => b.value - a.value);
}

/** The filled provider points of a series, recomputed only when the series changes or the window moves by a whole bucket (as useChartPoints). */
export function useProviderPoints(series: Series, since: number, now: number): ProviderPoint[] {
  const b = series.bucket_seconds > 0 ? series.bucket_seconds : 1;
  const first = Math.floor(since / b);
  const last = Math.floor(now / b);
  return useMemo(() => toProviderPoints(fillSeries(series, since, now)), [series, first, last]);
}
