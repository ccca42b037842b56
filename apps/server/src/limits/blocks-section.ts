import { RECENT_BLOCKS_LIMIT, type AgentBlocks, type CurrentBlock, type LimitSource } from '@amiga/protocol';
import type { AgentUsage } from './agent-usage.js';
import { allTokens, isActive, limitTokens, wireBlock, type Block } from './blocks.js';
import { cameCloseToLimit, p90, P90_DAYS, type Plan } from './plan.js';
import { CLAUDE_AGENT } from './statusline.js';

/** Burn rates are measured over this much of the block's end (or since its start when shorter). */
export const BURN_WINDOW_SECONDS = 30 * 60;

const round2 = (n: number) => Math.round(n * 100) / 100;
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export interface BlocksOptions {
  now: number;
  /** `MONITORING_PLAN`: the limit of Claude Code's blocks. */
  plan?: Plan;
}

/** One agent's `blocks` entry at `now`: the active block with its burn rate and projection, and the last completed blocks. */
export function agentBlocks(agent: string, usage: AgentUsage, o: BlocksOptions): AgentBlocks {
  const blocks = usage.blocks();
  const last = blocks[blocks.length - 1];
  const active = last !== undefined && isActive(last, o.now) ? last : undefined;
  const completed = active ? blocks.slice(0, -1) : blocks;
  const recent = completed.slice(-RECENT_BLOCKS_LIMIT).reverse().map(wireBlock);
  if (!active) return { current: null, recent };
  const { tokenLimit, source } = limitFor(agent, completed, o);
  return { current: withProjection(active, usage, o.now, tokenLimit, source), recent };
}

function limitFor(agent: string, completed: readonly Block[], o: BlocksOptions): { tokenLimit: number | null; source: LimitSource } {
  if (o.plan && agent === CLAUDE_AGENT) return { tokenLimit: o.plan.tokenLimit, source: 'plan' };
  const since = o.now - P90_DAYS * 86_400;
  const close = completed.filter((b) => b.start >= since && cameCloseToLimit(limitTokens(b.sums))).map((b) => limitTokens(b.sums));
  const estimate = p90(close);
  return estimate === null ? { tokenLimit: null, source: 'none' } : { tokenLimit: Math.round(estimate), source: 'p90' };
}

function withProjection(block: Block, usage: AgentUsage, now: number, tokenLimit: number | null, source: LimitSource): CurrentBlock {
  const span = Math.max(0, Math.min(BURN_WINDOW_SECONDS, now - block.start));
  const recent = usage.sumSince(now - span);
  const minutes = span / 60;
  const perMin = minutes > 0 ? recent.tokens / minutes : 0;
  const limitPerMin = minutes > 0 ? recent.limitTokens / minutes : 0;
  const usdPerHour = minutes > 0 ? (recent.costUsd / minutes) * 60 : 0;
  const remaining = Math.max(0, block.end - now) / 60;
  const shown = wireBlock(block);
  return {
    ...shown,
    burn_rate_tokens_per_min: round2(perMin),
    burn_rate_usd_per_hour: round6(usdPerHour),
    projected_tokens: Math.round(allTokens(block.sums) + perMin * remaining),
    projected_cost_usd: round6(block.sums.costUsd + (usdPerHour / 60) * remaining),
    projected_limit_tokens: Math.round(shown.limit_tokens + limitPerMin * remaining),
    token_limit: tokenLimit,
    limit_source: source,
  };
}

