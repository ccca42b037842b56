import type { UsagePoint } from '../store/limits.js';
import { addBucket, allTokens, blocksOf, limitTokens, newBlock, startsNewBlock, type Block } from './blocks.js';
import { addPoint, bucketKey, emptyBucket, lowerBound, type MinuteBucket } from './buckets.js';

/**
 * One agent's requests per minute and the blocks they make, kept up to date as requests
 * arrive: a request in time order (the usual case) is added to its minute and its block in
 * constant time; one that arrives out of order marks the blocks for a recount, done once at
 * the next read (so a backfill of old files costs one pass, not one per request).
 */
export class AgentUsage {
  #buckets: MinuteBucket[] = [];
  #blocks: Block[] = [];
  #stale = false;

  add(p: UsagePoint): void {
    const key = bucketKey(p.ts);
    const last = this.#buckets[this.#buckets.length - 1];
    if (last === undefined || key > last.key) {
      const b = emptyBucket(key, p.ts);
      addPoint(b, p);
      this.#buckets.push(b);
      if (!this.#stale) this.#append(b);
      return;
    }
    if (key === last.key) {
      addPoint(last, p);
      if (!this.#stale) this.#grow(last, p);
      return;
    }
    const i = lowerBound(this.#buckets, key);
    const at = this.#buckets[i];
    if (at !== undefined && at.key === key) addPoint(at, p);
    else {
      const b = emptyBucket(key, p.ts);
      addPoint(b, p);
      this.#buckets.splice(i, 0, b);
    }
    this.#stale = true;
  }

  /** Replaces every minute after `since` (Unix seconds, a whole minute) with the points given (all the store has after it). */
  replaceAfter(since: number, points: readonly UsagePoint[]): void {
    this.#buckets.length = lowerBound(this.#buckets, since + 60);
    this.#stale = true;
    for (const p of points) if (p.ts > since) this.add(p);
  }

  /** Forgets the minutes before `before` (Unix seconds). */
  prune(before: number): void {
    const i = lowerBound(this.#buckets, before);
    if (i === 0) return;
    this.#buckets.splice(0, i);
    this.#stale = true;
  }

  /** The blocks, oldest first. */
  blocks(): readonly Block[] {
    if (this.#stale) {
      this.#blocks = blocksOf(this.#buckets);
      this.#stale = false;
    }
    return this.#blocks;
  }

  /** Requests summed over the minutes ending after `since`: for burn rates. */
  sumSince(since: number): { tokens: number; limitTokens: number; costUsd: number } {
    const out = { tokens: 0, limitTokens: 0, costUsd: 0 };
    for (let i = this.#buckets.length - 1; i >= 0; i--) {
      const b = this.#buckets[i] as MinuteBucket;
      if (b.last <= since) break;
      out.tokens += allTokens(b);
      out.limitTokens += limitTokens(b);
      out.costUsd += b.costUsd;
    }
    return out;
  }

  get empty(): boolean {
    return this.#buckets.length === 0;
  }

  #append(b: MinuteBucket): void {
    const last = this.#blocks[this.#blocks.length - 1];
    if (last === undefined || startsNewBlock(last, b)) this.#blocks.push(newBlock(b));
    else addBucket(last, b);
  }

  /** A request added to the newest minute: only its own figures are added to the newest block. */
  #grow(b: MinuteBucket, p: UsagePoint): void {
    const block = this.#blocks[this.#blocks.length - 1];
    if (block === undefined) return void (this.#stale = true);
    const one = emptyBucket(b.key, p.ts);
    addPoint(one, p);
    addBucket(block, one);
  }
}
