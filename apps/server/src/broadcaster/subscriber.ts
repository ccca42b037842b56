import { scopeKey, type Scope, type Topic } from '@amiga/protocol';
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
  /** For topic subscribers: one topic's section of the frame (encoded once for the whole group). */
  deliverTopic?(subscribers: readonly Subscriber[], frame: WindowFrame, topic: Topic): void;
}

/** A client subscribed to periodic updates of one window. */
export interface Subscriber {
  readonly id: string;
  /** The connection it is delivered to, when not its id (a socket may hold a snapshot and a topic subscription). */
  readonly target?: string;
  readonly channel: Channel;
  hours: number;
  /** The window's filter (one agent and/or one machine; `{}` for all): a window is its hours plus this. */
  scope?: Scope;
  /** Topic subscription: the topics it takes, each with the content key of the section it holds ('' for none yet). */
  topics?: Map<Topic, string>;
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

/** The connection a subscriber's updates go to. */
export const targetOf = (sub: Subscriber): string => sub.target ?? sub.id;

/** The window a subscriber watches: its hours plus its filter (one computation per window, however many watch it). */
export const windowId = (hours: number, scope: Scope = {}): string => {
  const key = scopeKey(scope);
  return key === '' ? String(hours) : `${hours}\u0000${key}`;
};
