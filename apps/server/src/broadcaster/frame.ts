import { diffSnapshots, topicSection, type MetricsDelta, type MetricsSnapshot, type Topic, type TopicUpdate } from '@amiga/protocol';

/**
 * One version of a window's snapshot, shared by every subscriber of that window.
 * It is serialised lazily and at most once, however many clients receive it.
 */
export class WindowFrame {
  #json: string | undefined;
  #withSeq: MetricsSnapshot | undefined;
  readonly #deltas = new Map<number, MetricsDelta>();
  readonly #topics = new Map<Topic, { update: TopicUpdate; key: string }>();

  constructor(
    /** Globally increasing: a newer frame of any window has a larger seq. */
    readonly seq: number,
    readonly snapshot: MetricsSnapshot,
  ) {}

  /** The snapshot as JSON (serialised once, on first use). */
  get json(): string {
    return (this.#json ??= JSON.stringify(this.snapshot));
  }

  /** The snapshot carrying its seq, for clients that take deltas (made once). */
  get withSeq(): MetricsSnapshot {
    return (this.#withSeq ??= { ...this.snapshot, seq: this.seq });
  }

  /** The delta from an earlier frame of the same window to this one (computed once per base). */
  deltaFrom(base: WindowFrame): MetricsDelta {
    let delta = this.#deltas.get(base.seq);
    if (!delta) {
      delta = { seq: this.seq, base_seq: base.seq, ...diffSnapshots(base.snapshot, this.snapshot) };
      this.#deltas.set(base.seq, delta);
    }
    return delta;
  }

  /** One topic's update and the content key it is compared by (each made once per frame). */
  topic(topic: Topic): { update: TopicUpdate; key: string } {
    let t = this.#topics.get(topic);
    if (!t) {
      const data = topicSection(this.snapshot, topic);
      t = { update: { topic, data, seq: this.seq, timestamp: this.snapshot.timestamp } as TopicUpdate, key: JSON.stringify(data) };
      this.#topics.set(topic, t);
    }
    return t;
  }

  /** Size of the snapshot's JSON (what Socket.IO sends). */
  get jsonBytes(): number {
    return Buffer.byteLength(this.json);
  }
}

/** What a change check compares: the data, never the snapshot's own timestamp or window bounds. */
export function contentKey(s: MetricsSnapshot): string {
  return JSON.stringify([s.overview, s.sessions, s.activity, s.series, s.recent_tasks, s.sources, s.live, s.limits, s.blocks]);
}
