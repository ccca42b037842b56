import type { WindowFrame } from './frame.js';

/** Delivers one frame to a group of subscribers of the same channel (one encode for all of them). */
export interface Channel {
  deliver(subscribers: readonly Subscriber[], frame: WindowFrame): void;
}

/** A client subscribed to periodic updates of one window. */
export interface Subscriber {
  readonly id: string;
  readonly channel: Channel;
  hours: number;
  /** Minimum time between two updates, in milliseconds. */
  intervalMs: number;
  /** Seq of the frame this client holds (-1: none yet). */
  lastSeq: number;
  /** When it was last sent an update (ms, on the broadcaster's clock). */
  lastSentAt: number;
}
