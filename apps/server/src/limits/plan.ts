/**
 * Token limits per 5-hour block of Claude's plans, counted as input + output tokens (cache tokens
 * are not counted against them), as Claude-Code-Usage-Monitor sets them (src/claude_monitor/core/plans.py,
 * "Updated Oct 2025": pro 44,000, max5 88,000, max20 220,000). Anthropic does not publish these
 * numbers: they are estimates, which is why a status line's measured percentages win over them.
 */
export const PLAN_TOKEN_LIMITS = { pro: 44_000, max5: 88_000, max20: 220_000 } as const;
export type PlanName = keyof typeof PLAN_TOKEN_LIMITS;

/** A block "came close to a limit" when it reached 95% of one of the plans' limits (Claude-Code-Usage-Monitor's LIMIT_DETECTION_THRESHOLD). */
export const LIMIT_DETECTION_THRESHOLD = 0.95;

/** Completed blocks of this many days feed the 90th-percentile estimate. */
export const P90_DAYS = 8;

/** `MONITORING_PLAN`: a plan name or a number of tokens, as the limit of each block. */
export interface Plan {
  name: string;
  tokenLimit: number;
}

/** Reads `MONITORING_PLAN` (`pro`, `max5`, `max20`, or a positive whole number of tokens); undefined when unset, an Error message when invalid. */
export function parsePlan(value: string | undefined): Plan | undefined | string {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  if (v in PLAN_TOKEN_LIMITS) return { name: v, tokenLimit: PLAN_TOKEN_LIMITS[v as PlanName] };
  if (/^[1-9][0-9]{0,11}$/.test(v)) return { name: 'custom', tokenLimit: Number(v) };
  return 'one of pro, max5, max20, or a number of tokens per 5-hour block';
}

/**
 * The 90th percentile by the "exclusive" method (Python's statistics.quantiles(n=10)[8], which
 * Claude-Code-Usage-Monitor uses): position (n + 1) * 0.9 in the sorted values, interpolated.
 */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length + 1) * 0.9;
  if (h <= 1) return x[0] as number;
  if (h >= x.length) return x[x.length - 1] as number;
  const lo = Math.floor(h);
  const a = x[lo - 1] as number;
  const b = x[lo] as number;
  return a + (h - lo) * (b - a);
}

/** Whether a block's input + output tokens came within the threshold of a plan's limit. */
export const cameCloseToLimit = (limitTokens: number): boolean =>
  Object.values(PLAN_TOKEN_LIMITS).some((limit) => limitTokens >= limit * LIMIT_DETECTION_THRESHOLD);
