import type { MetricsSnapshot } from '@amiga/protocol';

/**
 * One version of a window's snapshot, shared by every subscriber of that window.
 * Encodings are made lazily and at most once, however many clients receive it.
 */
export class WindowFrame {
  #sse: Buffer | undefined;
  #encodings = 0;
  #jsonBytes: number | undefined;

  constructor(
    /** Globally increasing: a newer frame of any window has a larger seq. */
    readonly seq: number,
    readonly snapshot: MetricsSnapshot,
  ) {}

  /** The frame as a Server-Sent Event: `id:` is the seq, the data is the snapshot's JSON. */
  get sse(): Buffer {
    if (!this.#sse) {
      this.#encodings += 1;
      this.#sse = Buffer.from(`id: ${this.seq}\ndata: ${JSON.stringify(this.snapshot)}\n\n`);
    }
    return this.#sse;
  }

  /** Size of the snapshot's JSON (what Socket.IO sends), measured once per frame. */
  get jsonBytes(): number {
    return (this.#jsonBytes ??= Buffer.byteLength(JSON.stringify(this.snapshot)));
  }

  /** How many times this frame was serialised by us (0 or 1). */
  get encodings(): number {
    return this.#encodings;
  }
}

/** What a change check compares: the data, never the snapshot's own timestamp or window bounds. */
export function contentKey(s: MetricsSnapshot): string {
  return JSON.stringify([s.overview, s.sessions, s.activity, s.series, s.recent_tasks, s.sources]);
}
