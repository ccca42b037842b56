import { normalScope, type MetricsSnapshot, type Scope, type Topic } from '@amiga/protocol';
import type { Logger } from '../logging/logger.js';
import { contentKey, WindowFrame } from './frame.js';
import { applyPlan, planDeliveries, type Delivery } from './plan.js';
import { windowId, type Channel, type Subscriber } from './subscriber.js';

/** Frames kept per window as bases for deltas. */
const RECENT_FRAMES = 8;

/** Default of BroadcasterOptions.chunkSize. */
export const DEFAULT_CHUNK_SIZE = 500;

export interface BroadcasterOptions {
  /** A subscriber behind for longer than this is evicted (default 120 s). */
  evictAfterMs?: number;
  /**
   * At most this many subscribers are planned and handed to channels per turn of the
   * event loop; more go out in chunks, one turn each, so a broadcast to thousands of
   * clients does not hold up other work (default 500; 0: everything in one turn).
   */
  chunkSize?: number;
  /** Computes a window's snapshot at `now` (Unix seconds), of the events its filter keeps. */
  compute(hours: number, now: number, scope: Scope): Promise<MetricsSnapshot>;
  /** The store's data version: a window is recomputed only when it or the minute changed. */
  version(): number;
  /** Wall clock, Unix seconds. */
  now(): number;
  logger: Logger;
}

interface WindowState {
  readonly id: string;
  readonly hours: number;
  readonly scope: Scope;
  readonly subscribers: Set<Subscriber>;
  frame: WindowFrame | undefined;
  /** The last few frames (newest last): bases that delta subscribers may hold. */
  readonly recent: WindowFrame[];
  key: string | undefined;
  /** Store version and minute the frame was computed at. */
  version: number;
  minute: number;
  computing: Promise<void> | undefined;
}

export interface BroadcasterStats {
  /** Snapshot computations (one per distinct window per change, never per client). */
  computations: number;
  /** Frames whose data changed. */
  frames: number;
  /**
   * Channel calls, each one encode for a group of subscribers (same channel, window and
   * what is sent); a window with more than `chunkSize` subscribers takes one per chunk.
   */
  broadcasts: number;
  /** Updates handed to clients. */
  deliveries: number;
  flushes: number;
  /** Updates held back because the client had not read the previous one yet. */
  heldBack: number;
  /** Subscribers dropped for staying behind too long. */
  evicted: number;
}

/**
 * Pushes each window's snapshot to its subscribers when its data changed, at most
 * once per subscriber interval. A store commit triggers a flush at once, so a change
 * reaches a client whose interval has elapsed without waiting for a tick; a client
 * whose interval has not elapsed gets it the moment it does.
 */
export class Broadcaster {
  readonly #o: BroadcasterOptions;
  readonly #subscribers = new Map<string, Subscriber>();
  /** By window id (hours plus filter: see windowId). */
  readonly #windows = new Map<string, WindowState>();
  #seq = 0;
  #running: Promise<void> | undefined;
  #pending: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = Infinity;
  #closed = false;
  readonly stats: BroadcasterStats = { computations: 0, frames: 0, broadcasts: 0, deliveries: 0, flushes: 0, heldBack: 0, evicted: 0 };

  readonly #chunk: number;

  constructor(options: BroadcasterOptions) {
    this.#o = options;
    this.#chunk = options.chunkSize === undefined ? DEFAULT_CHUNK_SIZE : options.chunkSize > 0 ? options.chunkSize : Infinity;
  }

  /**
   * Subscribes (or re-subscribes) a client to a window (`hours`, filtered to `scope`); it
   * receives the window's current snapshot right away.
   */
  subscribe(id: string, channel: Channel, hours: number, intervalSeconds: number, delta = false, scope: Scope = {}): Promise<void> {
    return this.#add({ id, channel, hours, scope: normalScope(scope), delta, intervalMs: intervalSeconds * 1000, lastSeq: -1, lastSentAt: -Infinity });
  }

  /**
   * Subscribes a client to some topics of a window (replacing the topics it held): it
   * receives each topic's section at once, then again only when that section changed.
   * A topic it already held on the same window is not sent again unless it changed.
   * `target` is the connection to deliver to.
   */
  subscribeTopics(id: string, target: string, channel: Channel, hours: number, intervalSeconds: number, topics: readonly Topic[], scope: Scope = {}): Promise<void> {
    const old = this.#subscribers.get(id);
    const window = windowId(hours, normalScope(scope));
    const held = old?.topics && windowOf(old) === window ? old.topics : new Map<Topic, string>();
    const keys = new Map<Topic, string>(topics.map((t) => [t, held.get(t) ?? '']));
    return this.#add({ id, target, channel, hours, scope: normalScope(scope), topics: keys, delta: false, intervalMs: intervalSeconds * 1000, lastSeq: -1, lastSentAt: -Infinity });
  }

  /** The topics a subscriber holds (on window `hours` with filter `scope` only, when given). */
  topicsOf(id: string, hours?: number, scope: Scope = {}): Set<Topic> {
    const sub = this.#subscribers.get(id);
    return new Set(sub?.topics && (hours === undefined || windowOf(sub) === windowId(hours, normalScope(scope))) ? sub.topics.keys() : []);
  }

  /** Drops some topics (all when none is named); returns the topics still held. */
  unsubscribeTopics(id: string, topics?: readonly Topic[]): Topic[] {
    const sub = this.#subscribers.get(id);
    if (!sub?.topics) return [];
    for (const t of topics ?? [...sub.topics.keys()]) sub.topics.delete(t);
    if (sub.topics.size === 0) this.unsubscribe(id);
    return [...sub.topics.keys()];
  }

  /** Changes a subscriber's interval; a change held back by the old interval may go out now. */
  setInterval(id: string, intervalSeconds: number): void {
    const sub = this.#subscribers.get(id);
    if (!sub) return;
    sub.intervalMs = intervalSeconds * 1000;
    void this.flush();
  }

  unsubscribe(id: string): boolean {
    const sub = this.#subscribers.get(id);
    if (!sub) return false;
    this.#subscribers.delete(id);
    const w = this.#windows.get(windowOf(sub));
    w?.subscribers.delete(sub);
    if (w && w.subscribers.size === 0 && !w.computing) this.#windows.delete(w.id);
    return true;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Number of subscribers per window hours (whatever their filters). */
  subscriptionsByWindow(): Map<number, number> {
    const out = new Map<number, number>();
    for (const w of this.#windows.values()) if (w.subscribers.size > 0) out.set(w.hours, (out.get(w.hours) ?? 0) + w.subscribers.size);
    return out;
  }

  /** Windows currently held (each has at least one subscriber, or is being computed); each filter is a window of its own. */
  get windowCount(): number {
    return this.#windows.size;
  }

  /**
   * The current snapshot of a window, for a one-off refresh. A subscriber of that
   * window is marked as holding it, so it is not sent the same data again.
   */
  async current(hours: number, forId?: string, scope: Scope = {}): Promise<WindowFrame> {
    const w = this.#window(hours, normalScope(scope));
    try {
      await this.#refresh(w, this.#o.now());
    } finally {
      if (w.subscribers.size === 0) this.#windows.delete(w.id);
    }
    const frame = w.frame as WindowFrame;
    const sub = forId === undefined ? undefined : this.#subscribers.get(forId);
    if (sub && windowOf(sub) === w.id) sub.lastSeq = frame.seq;
    return frame;
  }

  /** Data changed: push it to whoever may receive it now. */
  notifyChange(): void {
    void this.flush();
  }

  /** Runs a delivery pass; concurrent calls share one pass that starts after the running one. */
  flush(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#pending ??= (async () => {
      await this.#running;
      this.#pending = undefined;
      this.#running = this.#flushOnce();
      await this.#running;
    })();
    return this.#pending;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#subscribers.clear();
    this.#windows.clear();
  }

  /** Replaces any subscription of the same id; the new subscriber gets its window's current data at once. */
  #add(sub: Subscriber): Promise<void> {
    this.unsubscribe(sub.id);
    this.#subscribers.set(sub.id, sub);
    this.#window(sub.hours, sub.scope ?? {}).subscribers.add(sub);
    return this.flush();
  }

  #window(hours: number, scope: Scope): WindowState {
    const id = windowId(hours, scope);
    let w = this.#windows.get(id);
    if (!w) {
      w = { id, hours, scope, subscribers: new Set(), frame: undefined, recent: [], key: undefined, version: -1, minute: -1, computing: undefined };
      this.#windows.set(id, w);
    }
    return w;
  }

  /** Recomputes a window if the store or the minute moved since its frame; a new frame only when the data differs. */
  async #refresh(w: WindowState, now: number): Promise<void> {
    while (w.computing) await w.computing;
    const version = this.#o.version();
    const minute = Math.floor(now / 60);
    if (w.frame && w.version === version && w.minute === minute) return;
    w.computing = (async () => {
      const snapshot = await this.#o.compute(w.hours, now, w.scope);
      this.stats.computations += 1;
      w.version = version;
      w.minute = minute;
      const key = contentKey(snapshot);
      if (key !== w.key || !w.frame) {
        w.key = key;
        w.frame = new WindowFrame(++this.#seq, snapshot);
        w.recent.push(w.frame);
        if (w.recent.length > RECENT_FRAMES) w.recent.shift();
        this.stats.frames += 1;
      }
    })();
    try {
      await w.computing;
    } finally {
      w.computing = undefined;
    }
  }

  /**
   * One delivery pass over every window. A window's subscribers are planned and
   * delivered `chunkSize` at a time (counted across windows), one turn of the event
   * loop each: between two chunks, other I/O and timers run, so a broadcast to
   * thousands of clients never holds the loop for long. Subscribers that left or
   * re-subscribed before their chunk came are skipped (a re-subscribe has its own pass).
   */
  async #flushOnce(): Promise<void> {
    if (this.#closed) return;
    this.stats.flushes += 1;
    const now = this.#o.now();
    const nowMs = now * 1000;
    let left = this.#chunk;
    let yielded = false;
    let nextDue = Infinity;
    for (const w of [...this.#windows.values()]) {
      if (w.subscribers.size === 0) continue;
      try {
        await this.#refresh(w, now);
      } catch (err) {
        this.#o.logger.error({ err, hours: w.hours, ...w.scope }, 'snapshot computation failed; keeping the last snapshot');
        if (!w.frame) continue;
      }
      if (this.#closed) return;
      const frame = w.frame as WindowFrame;
      const all = [...w.subscribers];
      let delivered = 0;
      for (let i = 0; i < all.length; ) {
        if (left <= 0) {
          await nextTurn();
          if (this.#closed) return;
          left = this.#chunk;
          yielded = true;
        }
        const n = Math.min(left, all.length - i);
        let chunk = n === all.length ? all : all.slice(i, i + n);
        i += n;
        left -= n;
        if (yielded) chunk = chunk.filter((sub) => this.#subscribers.get(sub.id) === sub);
        const plan = planDeliveries({ subscribers: chunk, frame, recent: w.recent, nowMs, evictAfterMs: this.#o.evictAfterMs ?? 120_000 });
        applyPlan(plan);
        nextDue = Math.min(nextDue, plan.nextDueMs);
        this.stats.heldBack += plan.heldBack.length;
        for (const sub of plan.evict) {
          this.stats.evicted += 1;
          this.#o.logger.warn({ client: sub.id }, 'dropping a client that stopped reading');
          sub.channel.evict?.(sub);
        }
        for (const group of plan.groups) {
          try {
            send(group.channel, group.delivery, group.subscribers, frame);
            this.stats.broadcasts += 1;
            this.stats.deliveries += group.subscribers.length;
            delivered += group.subscribers.length;
          } catch (err) {
            this.#o.logger.error({ err, hours: w.hours }, 'delivery failed');
          }
        }
      }
      this.#o.logger.debug({ hours: w.hours, clients: delivered }, 'broadcasting');
    }
    for (const [id, w] of this.#windows) if (w.subscribers.size === 0 && !w.computing) this.#windows.delete(id);
    if (this.#subscribers.size > 0) nextDue = Math.min(nextDue, (Math.floor(now / 60) + 1) * 60_000 + 5);
    this.#schedule(nextDue, nowMs);
  }

  #schedule(atMs: number, nowMs: number): void {
    if (atMs === Infinity || this.#closed) return;
    if (this.#timer && this.#timerAt <= atMs && this.#timerAt > nowMs) return;
    clearTimeout(this.#timer);
    this.#timerAt = atMs;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#timerAt = Infinity;
      void this.flush();
    }, Math.max(0, atMs - nowMs));
    this.#timer.unref();
  }
}

/** The window a subscriber watches. */
const windowOf = (sub: Subscriber): string => windowId(sub.hours, sub.scope);

/** Lets the event loop run pending I/O and timers before the next chunk. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One channel call: what the plan says, to one group. */
function send(channel: Channel, delivery: Delivery, subscribers: readonly Subscriber[], frame: WindowFrame): void {
  switch (delivery.kind) {
    case 'full':
      return channel.deliver(subscribers, frame);
    case 'full-with-seq':
      return (channel.deliverWithSeq ?? channel.deliver).call(channel, subscribers, frame);
    case 'delta':
      return channel.deliverDelta ? channel.deliverDelta(subscribers, frame, delivery.base) : channel.deliver(subscribers, frame);
    case 'topic':
      return channel.deliverTopic?.(subscribers, frame, delivery.name);
  }
}
