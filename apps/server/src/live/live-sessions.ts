import { LIVE_ENDED_SECONDS, LIVE_SESSIONS_LIMIT, type Live, type SessionStateEvent } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { liveFields, type LiveChange, type LiveRow } from '../store/live.js';
import type { IngestOptions, IngestResult, Store } from '../store/store.js';
import { sessionStateOf } from './session-events.js';
import { isVisibleChange } from './transition.js';

/** Sessions with no event for this long are no longer listed (one that never ended, closed without a SessionEnd). */
export const LIVE_LISTED_SECONDS = 24 * 3600;

/** A change of a session's live state, as listeners hear it (see LiveSessions.onChange). */
export interface SessionStateChange extends SessionStateEvent {
  /** When the session started needing input (its `since`), while it does; else null. */
  needs_input_since: number | null;
  last_event_at: number;
}

export type SessionStateListener = (change: SessionStateChange) => void;

export interface LiveSessionsDeps {
  /** Writes through the ingest service (a sweep is a write: durable, and published like any commit). */
  write(events: [], options: IngestOptions): Promise<IngestResult>;
  clock: Clock;
  logger: Logger;
  /** A working session silent for this many minutes becomes stale (MONITORING_STALE_SESSION_MINUTES). */
  staleMinutes: number;
}

/**
 * Live session state, beyond what each hook writes: the sweep that marks silent working
 * sessions stale (a conditional update, so in a cluster the one node that marked a session
 * reports it), the snapshot's `live` section, and listeners of every change committed on
 * this node (the alerts use them: `onChange` gives, for a session needing input, since when).
 * Changes reach the listeners from the store's commit notices (`publish`), whoever wrote them.
 */
export class LiveSessions {
  readonly #d: LiveSessionsDeps;
  readonly #listeners = new Set<SessionStateListener>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping = false;

  constructor(deps: LiveSessionsDeps) {
    this.#d = deps;
  }

  /** Seconds between sweeps: a quarter of the stale time, between 1 s and 30 s. */
  get sweepSeconds(): number {
    return Math.min(30, Math.max(1, (this.#d.staleMinutes * 60) / 4));
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.sweep(), this.sweepSeconds * 1000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#listeners.clear();
  }

  /** Marks working sessions silent for the stale time as stale; resolves with how many it marked (0 when the store cannot write now). */
  async sweep(): Promise<number> {
    if (this.#sweeping) return 0;
    this.#sweeping = true;
    try {
      const now = this.#d.clock.now();
      const result = await this.#d.write([], { live: { kind: 'sweep', staleBefore: now - this.#d.staleMinutes * 60, now } });
      return result.live?.length ?? 0;
    } catch (err) {
      this.#d.logger.debug({ err }, 'stale session sweep skipped: the store cannot write now');
      return 0;
    } finally {
      this.#sweeping = false;
    }
  }

  /** Hears every visible change (state, tool or message) committed on this node; returns the unsubscribe function. */
  onChange(listener: SessionStateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called with each local commit's live changes (app.ts, from Store.onCommit). */
  publish(changes: readonly LiveChange[]): void {
    if (this.#listeners.size === 0) return;
    for (const { previous, next } of changes) {
      if (!isVisibleChange(previous, next)) continue;
      const change: SessionStateChange = {
        ...sessionStateOf(previous, next),
        needs_input_since: next.state === 'needs_input' ? next.since : null,
        last_event_at: next.lastEventAt,
      };
      for (const listener of this.#listeners) {
        try {
          listener(change);
        } catch (err) {
          this.#d.logger.error({ err }, 'a session state listener failed');
        }
      }
    }
  }

}

/** The snapshot's `live` section at `now`, or undefined when the store keeps no live state. */
export async function readLiveSection(store: Pick<Store, 'readLive'>, now: number): Promise<Live | undefined> {
  if (!store.readLive) return undefined;
  return liveSection(await store.readLive({ since: now - LIVE_LISTED_SECONDS, endedSince: now - LIVE_ENDED_SECONDS, limit: LIVE_SESSIONS_LIMIT }));
}

/** The wire form of the store's live list. */
export function liveSection(list: { sessions: readonly LiveRow[]; counts: Live['counts'] }): Live {
  return {
    counts: { ...list.counts },
    sessions: list.sessions.map((r) => ({ ...liveFields(r), state: r.state, subagents: r.subagents })),
  };
}
