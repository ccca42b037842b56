import type { AgentBlocks, LimitsSection } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import type { StoredEvent } from '../store/event.js';
import type { UsagePoint } from '../store/limits.js';
import type { CommitOrigin, Store } from '../store/store.js';
import { AgentUsage } from './agent-usage.js';
import { BLOCK_SECONDS } from './blocks.js';
import { agentBlocks } from './blocks-section.js';
import { limitEntries } from './limits-section.js';
import { P90_DAYS, type Plan } from './plan.js';

/** Requests are kept in memory for the p90 days and one block more. */
export const RETAIN_SECONDS = P90_DAYS * 86_400 + BLOCK_SECONDS;
/** A recount from the store happens at most this often (merged repeats, other nodes' commits). */
export const RESYNC_SECONDS = 10;

export interface UsageTrackerDeps {
  store: Pick<Store, 'readUsage' | 'readLimits'>;
  clock: Clock;
  logger: Logger;
  plan?: Plan;
}

const pointOf = (e: StoredEvent): UsagePoint | null =>
  e.type === 'api_request'
    ? { ts: e.ts, agent: e.agent, inputTokens: e.inputTokens, outputTokens: e.outputTokens, cacheCreationTokens: e.cacheCreationTokens, cacheReadTokens: e.cacheReadTokens, costUsd: e.costUsd ?? 0 }
    : null;

/**
 * Plan limits and 5-hour blocks for the snapshot. Requests of the last 8 days are read from
 * the store once at start, then each commit's new requests are added as they are committed
 * (constant time each). What commit notices do not carry is recounted from the store, at most
 * every RESYNC_SECONDS and only over the last block's span: the growth of requests reported
 * again with larger totals (Claude Code transcripts), and other nodes' commits (PostgreSQL).
 */
export class UsageTracker {
  readonly #d: UsageTrackerDeps;
  readonly #agents = new Map<string, AgentUsage>();
  #started: Promise<void> | undefined;
  #recount = false;
  #lastRecount = -Infinity;
  #reading = false;
  #changedWhileReading = false;

  constructor(deps: UsageTrackerDeps) {
    this.#d = deps;
  }

  /** Reads the retained span from the store (once; later calls wait for the same read). */
  start(): Promise<void> {
    this.#started ??= this.#load();
    return this.#started;
  }

  /** The store's commit notice (see Store.onCommit). */
  onCommit(events: readonly StoredEvent[], origin: CommitOrigin): void {
    if (this.#reading) this.#changedWhileReading = true;
    if (origin === 'remote') return void (this.#recount = true);
    let requests = 0;
    for (const e of events) {
      const p = pointOf(e);
      if (!p) continue;
      requests += 1;
      if (e.type === 'api_request' && e.mergeMax) this.#recount = true;
      this.#usage(p.agent).add(p);
    }
    // A commit with no new request changed something else, or only grew requests reported before.
    if (requests === 0) this.#recount = true;
  }

  /** The `limits` topic at `now`. */
  async section(now: number): Promise<LimitsSection> {
    await this.start().catch(() => undefined);
    await this.#maybeRecount(now);
    const blocks: Record<string, AgentBlocks> = {};
    for (const [agent, usage] of [...this.#agents].sort(([a], [b]) => (a < b ? -1 : 1))) {
      usage.prune(now - RETAIN_SECONDS);
      if (usage.empty) continue;
      blocks[agent] = agentBlocks(agent, usage, { now, ...(this.#d.plan ? { plan: this.#d.plan } : {}) });
    }
    const stored = (await this.#d.store.readLimits?.()) ?? { limits: [], sessions: [] };
    return { limits: limitEntries(stored.limits, now), blocks };
  }

  #usage(agent: string): AgentUsage {
    let u = this.#agents.get(agent);
    if (!u) this.#agents.set(agent, (u = new AgentUsage()));
    return u;
  }

  async #load(): Promise<void> {
    const since = Math.floor((this.#d.clock.now() - RETAIN_SECONDS) / 60) * 60;
    await this.#replaceAfter(since);
  }

  async #maybeRecount(now: number): Promise<void> {
    if (!this.#recount || now - this.#lastRecount < RESYNC_SECONDS || this.#reading) return;
    this.#recount = false;
    this.#lastRecount = now;
    // Growth lands on requests of the last block or so: recount its span.
    await this.#replaceAfter(Math.floor((now - BLOCK_SECONDS - 3600) / 60) * 60).catch((err: unknown) => {
      this.#recount = true;
      this.#d.logger.warn({ err }, 'cannot recount requests for 5-hour blocks; trying again later');
    });
  }

  /** Replaces what is kept after `since` (a whole minute) with what the store has. */
  async #replaceAfter(since: number): Promise<void> {
    if (!this.#d.store.readUsage) return;
    this.#reading = true;
    this.#changedWhileReading = false;
    try {
      const points = await this.#d.store.readUsage(since);
      const byAgent = new Map<string, UsagePoint[]>();
      for (const p of points) {
        let list = byAgent.get(p.agent);
        if (!list) byAgent.set(p.agent, (list = []));
        list.push(p);
      }
      for (const agent of new Set([...this.#agents.keys(), ...byAgent.keys()])) this.#usage(agent).replaceAfter(since, byAgent.get(agent) ?? []);
      // Commits folded while the read ran may be missing from it or counted twice: count again soon.
      if (this.#changedWhileReading) this.#recount = true;
    } finally {
      this.#reading = false;
    }
  }
}
