import type { Topic } from '@amiga/protocol';
import type { WindowFrame } from './frame.js';
import type { Channel, Subscriber } from './subscriber.js';

/** At most this much (and at most a tenth of the interval) before its interval is over, a client counts as due. */
export const DUE_SLACK_MS = 100;

/** How often a subscriber that is behind is checked again. */
export const BEHIND_RETRY_MS = 500;

/** What a group of subscribers is sent of a frame. */
export type Delivery =
  /** The snapshot as it is (clients that do not take deltas). */
  | { readonly kind: 'full' }
  /** The snapshot with its seq: a delta client's first update, or one whose base is no longer kept. */
  | { readonly kind: 'full-with-seq' }
  /** Only what changed since `base`, the frame these clients hold. */
  | { readonly kind: 'delta'; readonly base: WindowFrame }
  /** One topic's section, for topic subscribers whose section changed. */
  | { readonly kind: 'topic'; readonly name: Topic };

/** Subscribers of one channel that get the same delivery (one encode for all of them). */
export interface DeliveryGroup {
  readonly channel: Channel;
  readonly delivery: Delivery;
  readonly subscribers: Subscriber[];
}

/** A subscriber's bookkeeping after a pass (see Subscriber for each field). */
export interface SubscriberState {
  lastSeq: number;
  lastSentAt: number;
  behindSince: number | undefined;
  topics: Map<Topic, string> | undefined;
}

export interface PlanInput {
  /** The window's subscribers. */
  readonly subscribers: Iterable<Subscriber>;
  /** The window's newest frame. */
  readonly frame: WindowFrame;
  /** Frames kept as delta bases (newest last; may include `frame`). */
  readonly recent: readonly WindowFrame[];
  /** Now, ms on the broadcaster's clock. */
  readonly nowMs: number;
  /** A subscriber behind for longer than this is evicted. */
  readonly evictAfterMs: number;
}

export interface Plan {
  /** What to send, in order: grouped by channel, then by delivery. */
  readonly groups: DeliveryGroup[];
  /** New bookkeeping of every subscriber whose state changes (apply it with `applyPlan` before delivering). */
  readonly next: Map<Subscriber, SubscriberState>;
  /** Due but behind (not reading what it was sent): sent nothing this time. */
  readonly heldBack: Subscriber[];
  /** Behind for longer than `evictAfterMs`: to be dropped. */
  readonly evict: Subscriber[];
  /** Earliest time (ms) a subscriber skipped now is due or worth checking again; Infinity if none. */
  readonly nextDueMs: number;
}

/**
 * Decides what each subscriber of a window gets of its newest frame, without sending
 * anything or changing any state (it only asks channels whether a subscriber is
 * behind). The rules:
 * - a subscriber that holds the frame gets nothing;
 * - one whose interval has not elapsed (less a little slack) waits until `nextDueMs`;
 * - one that is behind is held back, and evicted once behind for longer than `evictAfterMs`;
 * - the first update (answering a subscribe) does not start the interval, so the
 *   first change goes out at once to every subscriber of the window, in one broadcast;
 * - a topic subscriber gets one delivery per topic whose section changed, or none.
 */
export function planDeliveries({ subscribers, frame, recent, nowMs, evictAfterMs }: PlanInput): Plan {
  const byChannel = new Map<Channel, Map<string, DeliveryGroup>>();
  const next = new Map<Subscriber, SubscriberState>();
  const heldBack: Subscriber[] = [];
  const evict: Subscriber[] = [];
  let nextDueMs = Infinity;

  for (const sub of subscribers) {
    if (sub.lastSeq === frame.seq) continue;
    // Due one interval after the last update, less a little slack: without it, a change
    // arriving every interval would be held back for a few ms each time (timer and
    // request jitter), and those delays would add up from one update to the next.
    const dueAt = sub.lastSentAt + sub.intervalMs - Math.min(DUE_SLACK_MS, sub.intervalMs / 10);
    if (dueAt > nowMs) {
      nextDueMs = Math.min(nextDueMs, dueAt);
      continue;
    }
    if (sub.channel.isBehind?.(sub)) {
      const since = sub.behindSince ?? nowMs;
      if (nowMs - since > evictAfterMs) {
        evict.push(sub);
        continue;
      }
      heldBack.push(sub);
      if (sub.behindSince === undefined) next.set(sub, { ...stateOf(sub), behindSince: nowMs });
      nextDueMs = Math.min(nextDueMs, nowMs + BEHIND_RETRY_MS);
      continue;
    }
    const { deliveries, topics } = deliveriesFor(sub, frame, recent);
    next.set(sub, {
      lastSeq: frame.seq,
      // A topic subscriber none of whose topics changed holds this frame, and its interval goes on.
      // The snapshot that answers a subscribe does not start the interval: the first change then
      // goes out at once to every subscriber of the window, and clients that subscribed at
      // different moments stay in step.
      lastSentAt: deliveries.length === 0 ? sub.lastSentAt : sub.lastSeq === -1 ? -Infinity : nowMs,
      behindSince: undefined,
      topics,
    });
    let groups = byChannel.get(sub.channel);
    if (!groups) byChannel.set(sub.channel, (groups = new Map()));
    for (const delivery of deliveries) {
      const key = groupKey(delivery);
      const group = groups.get(key);
      if (group) group.subscribers.push(sub);
      else groups.set(key, { channel: sub.channel, delivery, subscribers: [sub] });
    }
  }
  return { groups: [...byChannel.values()].flatMap((groups) => [...groups.values()]), next, heldBack, evict, nextDueMs };
}

/** Writes a plan's bookkeeping onto its subscribers. */
export function applyPlan(plan: Plan): void {
  for (const [sub, state] of plan.next) Object.assign(sub, state);
}

const stateOf = (sub: Subscriber): SubscriberState => ({ lastSeq: sub.lastSeq, lastSentAt: sub.lastSentAt, behindSince: sub.behindSince, topics: sub.topics });

/** What a due subscriber is sent of `frame`, and (topic subscribers) the section keys it then holds. */
function deliveriesFor(sub: Subscriber, frame: WindowFrame, recent: readonly WindowFrame[]): { deliveries: Delivery[]; topics: Map<Topic, string> | undefined } {
  if (sub.topics) {
    const topics = new Map(sub.topics);
    const deliveries: Delivery[] = [];
    for (const [name, held] of sub.topics) {
      const { key } = frame.topic(name);
      if (key === held) continue;
      topics.set(name, key);
      deliveries.push({ kind: 'topic', name });
    }
    return { deliveries, topics };
  }
  if (!sub.delta) return { deliveries: [FULL], topics: undefined };
  const base = sub.channel.deliverDelta ? recent.find((f) => f.seq === sub.lastSeq && f !== frame) : undefined;
  return { deliveries: [base ? { kind: 'delta', base } : sub.channel.deliverWithSeq ? WITH_SEQ : FULL], topics: undefined };
}

const FULL: Delivery = { kind: 'full' };
const WITH_SEQ: Delivery = { kind: 'full-with-seq' };

function groupKey(d: Delivery): string {
  switch (d.kind) {
    case 'full':
    case 'full-with-seq':
      return d.kind;
    case 'delta':
      return `delta:${d.base.seq}`;
    case 'topic':
      return `topic:${d.name}`;
  }
}
