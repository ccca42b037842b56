import { z } from 'zod';
import { unixSeconds } from './common.js';
import { modelUsage } from './usage.js';

/**
 * Plan limits (issue 16): the status-line JSON Claude Code gives its `statusLine` command, the
 * limits and 5-hour blocks of the snapshot, and the topic that carries them.
 */

/** Names of a window by its length: `5h` (300 minutes), `7d` (10,080 minutes), else `<minutes>m`. */
export const limitWindow = z.string().regex(/^(5h|7d|[1-9][0-9]{0,6}m)$/, { message: 'a window is 5h, 7d or <minutes>m' });

const percent = z.number().finite();
/** Claude Code writes Unix seconds; an ISO time (seen in some write-ups) is read too, and a number in milliseconds is scaled. */
const resetTime = z.union([z.number().finite(), z.string().max(64)]).nullish();

const rateWindow = z
  .object({
    /** 0–100, and above 100 once the limit is passed (105 has been seen). */
    used_percentage: percent.nullish(),
    resets_at: resetTime,
  })
  .loose()
  .nullish();

/**
 * The JSON Claude Code passes its status-line command on stdin (code.claude.com/docs/en/statusline).
 * Every field is optional (versions differ, and `rate_limits` appears only for Pro/Max subscribers
 * after the session's first response); fields not named here are kept and ignored.
 */
export const statusLineBody = z
  .object(
    {
      session_id: z.string().max(200).nullish(),
      transcript_path: z.string().max(4096).nullish(),
      cwd: z.string().max(4096).nullish(),
      version: z.string().max(100).nullish(),
      model: z.object({ id: z.string().max(200).nullish(), display_name: z.string().max(200).nullish() }).loose().nullish(),
      workspace: z.object({ current_dir: z.string().max(4096).nullish(), project_dir: z.string().max(4096).nullish() }).loose().nullish(),
      cost: z
        .object({
          total_cost_usd: z.number().finite().nullish(),
          total_duration_ms: z.number().finite().nullish(),
          total_api_duration_ms: z.number().finite().nullish(),
          total_lines_added: z.number().finite().nullish(),
          total_lines_removed: z.number().finite().nullish(),
        })
        .loose()
        .nullish(),
      context_window: z
        .object({
          total_input_tokens: z.number().finite().nullish(),
          total_output_tokens: z.number().finite().nullish(),
          context_window_size: z.number().finite().nullish(),
          used_percentage: percent.nullish(),
          remaining_percentage: percent.nullish(),
        })
        .loose()
        .nullish(),
      exceeds_200k_tokens: z.boolean().nullish(),
      rate_limits: z.object({ five_hour: rateWindow, seven_day: rateWindow }).loose().nullish(),
    },
    { message: 'expected the status-line JSON object Claude Code writes' },
  )
  .loose();
export type StatusLineBody = z.infer<typeof statusLineBody>;

/** `?machine=` of `POST /api/statusline/claude-code`: which machine the status line runs on (default `unknown`). */
export const statusLineQuery = z.object({
  machine: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, { message: 'machine is 1-128 of A-Z a-z 0-9 . _ -' }).optional()),
});

/** Answer of `POST /api/statusline/claude-code`: what was recorded. */
export const statusLineAnswer = z.object({ session: z.boolean(), limits: z.number().int().nonnegative() });
export type StatusLineAnswer = z.infer<typeof statusLineAnswer>;

/** One plan limit: the newest report per agent, window and machine. */
export const limitEntry = z.object({
  agent: z.string(),
  window: limitWindow,
  /** Share of the window used (0 once `resets_at` has passed). */
  used_percent: z.number().finite(),
  /** When the window resets; null when the source did not say. */
  resets_at: unixSeconds.nullable(),
  /** Who reported it: `statusline` (Claude Code's status line), `codex` (rollout files). */
  source: z.string(),
  /** When it was reported. */
  updated_at: unixSeconds,
  machine: z.string(),
  /** Added: `resets_at` has passed since the report, so the window has reset (`used_percent` is 0, not the stale figure). */
  reset: z.boolean(),
  /** Added: the window's length in minutes. */
  window_minutes: z.number().int().positive(),
});
export type LimitEntry = z.infer<typeof limitEntry>;

const count = z.number().int().nonnegative();

/** Where a block's `token_limit` comes from. */
export const limitSource = z.enum(['plan', 'p90', 'none']);
export type LimitSource = z.infer<typeof limitSource>;

/** A 5-hour block of one agent's requests (ccusage's rule; see the README). */
export const usageBlock = modelUsage.extend({
  start: unixSeconds,
  end: unixSeconds,
  /** All four kinds. */
  tokens: count,
  /** Added: time of the block's first and last request. */
  first_request: unixSeconds,
  last_request: unixSeconds,
  /** Added: input + output tokens, what plan token limits count (cache tokens are not counted against them). */
  limit_tokens: count,
});
export type UsageBlock = z.infer<typeof usageBlock>;

/** The active block, with its burn rate (last 30 minutes, or since its first request) and projection to its end. */
export const currentBlock = usageBlock.extend({
  burn_rate_tokens_per_min: z.number().finite().nonnegative(),
  burn_rate_usd_per_hour: z.number().finite().nonnegative(),
  /** All four kinds at the block's end, at the burn rate. */
  projected_tokens: count,
  projected_cost_usd: z.number().finite(),
  /** Added: `limit_tokens` at the block's end, at the burn rate (what `token_limit` is compared with). */
  projected_limit_tokens: count,
  /** Input + output tokens allowed per block, or null when none is known. */
  token_limit: count.nullable(),
  limit_source: limitSource,
});
export type CurrentBlock = z.infer<typeof currentBlock>;

/** One agent's blocks: the active one (null when none is), and the last completed ones (at most 20, newest first). */
export const agentBlocks = z.object({ current: currentBlock.nullable(), recent: z.array(usageBlock) });
export type AgentBlocks = z.infer<typeof agentBlocks>;

/** Completed blocks listed per agent. */
export const RECENT_BLOCKS_LIMIT = 20;

/** The `limits` topic: plan limits and 5-hour blocks. */
export const limitsSection = z.object({ limits: z.array(limitEntry), blocks: z.record(z.string(), agentBlocks) });
export type LimitsSection = z.infer<typeof limitsSection>;

/**
 * The pace of a limit window at `now`: the share of the window already elapsed, against the share
 * used. `ahead` (of pace) when more is used than has elapsed: at that rate the limit is reached
 * before the window resets. Null when the window's reset time is unknown or passed.
 */
export function windowPace(entry: Pick<LimitEntry, 'used_percent' | 'resets_at' | 'window_minutes' | 'reset'>, now: number): { elapsed_percent: number; ahead: boolean } | null {
  if (entry.reset || entry.resets_at === null) return null;
  const length = entry.window_minutes * 60;
  const elapsed = Math.min(length, Math.max(0, now - (entry.resets_at - length)));
  const elapsedPercent = (elapsed / length) * 100;
  return { elapsed_percent: Math.round(elapsedPercent * 100) / 100, ahead: entry.used_percent > elapsedPercent };
}
