import type { OtlpMetricsRequest } from '@amiga/protocol';
import { attributes, text, toNumber } from './attributes.js';

/** Claude Code's own counters, kept to cross-check the events (never added to the totals). */
export interface MetricTotals {
  /** `claude_code.token.usage` by `type` (input, output, cacheRead, cacheCreation). */
  tokens: Record<string, number>;
  /** `claude_code.cost.usage`, USD. */
  cost_usd: number;
  data_points: number;
}

export interface MetricsResult {
  accepted: number;
  rejected: number;
}

/** Adds the data points of `claude_code.token.usage` and `claude_code.cost.usage` (delta temporality) to `totals`. */
export function addMetrics(body: OtlpMetricsRequest, totals: MetricTotals): MetricsResult {
  const result: MetricsResult = { accepted: 0, rejected: 0 };
  for (const rm of body.resourceMetrics ?? []) {
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        for (const point of metric.sum?.dataPoints ?? metric.gauge?.dataPoints ?? []) {
          const value = toNumber(point.asDouble ?? point.asInt);
          if (value === undefined) {
            result.rejected += 1;
            continue;
          }
          result.accepted += 1;
          totals.data_points += 1;
          if (metric.name === 'claude_code.token.usage') {
            const type = text(attributes(rm.resource?.attributes, point.attributes), 'type') ?? 'unknown';
            totals.tokens[type] = (totals.tokens[type] ?? 0) + value;
          } else if (metric.name === 'claude_code.cost.usage') {
            totals.cost_usd += value;
          }
        }
      }
    }
  }
  return result;
}
