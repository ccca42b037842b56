import type { UsageBlock } from '@amiga/protocol';
import type { UsageTotals } from '../store/store.js';
import { addUsage, emptyUsage } from '../store/usage-totals.js';
import type { MinuteBucket } from './buckets.js';

/** A block's length: 5 hours, in seconds. */
export const BLOCK_SECONDS = 5 * 3600;
const HOUR = 3600;

/** A block being summed: its bounds, its first and last request, and its sums (times in Unix seconds). */
export interface Block {
  start: number;
  end: number;
  first: number;
  last: number;
  sums: UsageTotals;
}

export function newBlock(b: MinuteBucket): Block {
  const start = Math.floor(b.first / HOUR) * HOUR;
  const block: Block = { start, end: start + BLOCK_SECONDS, first: b.first, last: b.last, sums: emptyUsage() };
  addBucket(block, b);
  return block;
}

/**
 * Whether a bucket starts a new block after `block` (the rule of Claude's 5-hour windows, as
 * ccusage implements it): its first request comes after the block's end (one exactly at the end
 * is still in it), or after a gap of 5 hours or more with no request.
 */
export const startsNewBlock = (block: Block, b: MinuteBucket): boolean => b.first > block.end || b.first - block.last >= BLOCK_SECONDS;

export function addBucket(block: Block, b: MinuteBucket): void {
  addUsage(block.sums, b);
  block.first = Math.min(block.first, b.first);
  block.last = Math.max(block.last, b.last);
}

/** The blocks of buckets sorted by key, oldest first. */
export function blocksOf(buckets: readonly MinuteBucket[]): Block[] {
  const blocks: Block[] = [];
  for (const b of buckets) {
    const last = blocks[blocks.length - 1];
    if (last === undefined || startsNewBlock(last, b)) blocks.push(newBlock(b));
    else addBucket(last, b);
  }
  return blocks;
}

/** A block is active at `now` while a request at `now` would still join it. */
export const isActive = (block: Block, now: number): boolean => now <= block.end && now - block.last < BLOCK_SECONDS;

/** Input + output tokens: what plan token limits count (cache tokens are not counted against them). */
export const limitTokens = (u: UsageTotals): number => u.inputTokens + u.outputTokens;
export const allTokens = (u: UsageTotals): number => u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;

/** A block as the snapshot shows it. */
export function wireBlock(b: Block): UsageBlock {
  const u = b.sums;
  return {
    start: b.start,
    end: b.end,
    requests: u.requests,
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_creation_tokens: u.cacheCreationTokens,
    cache_read_tokens: u.cacheReadTokens,
    tokens: allTokens(u),
    cost_usd: Math.round(u.costUsd * 1e6) / 1e6,
    first_request: b.first,
    last_request: b.last,
    limit_tokens: limitTokens(u),
  };
}
