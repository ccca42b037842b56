import type { WindowFrame } from './frame.js';

/** Delivers one frame to a group of subscribers of the same channel (one encode for all of them). */
export interface Channel {
  deliver(subscribers: readonly Subscriber[], frame: WindowFrame): void;
  /** For subscribers that take deltas: the full snapshot with its seq (first update, or after a gap). */
  deliverWithSeq?(subscribers: readonly Subscriber[], frame: WindowFrame): void;
  /** For subscribers that take deltas and hold `base`: only what changed since. */
  deliverDelta?(subscribers: readonly Subscriber[], frame: WindowFrame, base: WindowFrame): void;
  /**
   * Whether a subscriber has not yet written out what it was sent (a consumer that
   * stopped reading). The broadcaster sends it nothing more until it catches up, then
   * only the newest frame, so nothing piles up for it.
   */
  isBehind?(subscriber: Subscriber): boolean;
  /** Drops a subscriber that stayed behind for too long. */
  evict?(subscriber: Subscriber): void;
}

/** A client subscribed to periodic updates of one window. */
export interface Subscriber {
  readonly id: string;
  readonly channel: Channel;
  hours: number;
  /** Takes `metrics_delta`s instead of full snapshots after the first. */
  delta: boolean;
  /** Minimum time between two updates, in milliseconds. */
  intervalMs: number;
  /** Seq of the frame this client holds (-1: none yet). */
  lastSeq: number;
  /** When it was last sent an update (ms, on the broadcaster's clock). */
  lastSentAt: number;
  /** Since when it has been behind (ms), if it is. */
  behindSince?: number | undefined;
}
