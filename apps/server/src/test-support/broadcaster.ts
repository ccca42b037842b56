import type { MetricsSnapshot, Topic } from '@amiga/protocol';
import { pino } from 'pino';
import { WindowFrame } from '../broadcaster/frame.js';
import type { Channel, Subscriber } from '../broadcaster/subscriber.js';
import { buildSnapshot } from '../metrics/snapshot.js';

export const NOW = Date.UTC(2026, 10, 25, 12, 30, 30) / 1000;

/** A valid snapshot of an empty store, with these activity lines and this many running tasks (each changes its own topic). */
export function snapshotWith({ activity = [] as string[], running = 0 } = {}, hours = 24, now = NOW): MetricsSnapshot {
  return buildSnapshot(
    {
      models: [],
      tools: [],
      sessionCount: 0,
      sessions: [],
      series: { models: [], tools: [] },
      activity: activity.map((description, i) => ({ description, timestamp: now - i, type: 'activity' as const })),
      taskCounts: { pending: 0, running, completed: 0, failed: 0 },
      recentTasks: [],
    },
    { hours, since: now - hours * 3600, now, bucketSeconds: 3600, sources: [] },
  );
}

export const frameWith = (seq: number, content: Parameters<typeof snapshotWith>[0] = {}) => new WindowFrame(seq, snapshotWith(content));

/** One channel call, as a fake channel records it. */
export interface Call {
  kind: 'full' | 'full-with-seq' | 'delta' | 'topic';
  ids: string[];
  seq: number;
  base?: number;
  topic?: Topic;
}

export interface FakeChannel extends Channel {
  readonly calls: Call[];
  /** Ids that count as behind (not reading). */
  readonly behind: Set<string>;
  readonly evicted: string[];
  /** Runs after each call (e.g. to change state between two chunks). */
  afterCall?: (call: Call) => void;
}

/** A channel that records what it is asked to deliver; `deltas: false` leaves out deliverWithSeq and deliverDelta. */
export function fakeChannel({ deltas = true } = {}): FakeChannel {
  const channel: FakeChannel = {
    calls: [],
    behind: new Set(),
    evicted: [],
    deliver: (subs, frame) => record({ kind: 'full', ids: subs.map((s) => s.id), seq: frame.seq }),
    deliverTopic: (subs, frame, topic) => record({ kind: 'topic', ids: subs.map((s) => s.id), seq: frame.seq, topic }),
    isBehind: (sub) => channel.behind.has(sub.id),
    evict: (sub) => channel.evicted.push(sub.id),
    ...(deltas
      ? {
          deliverWithSeq: (subs, frame) => record({ kind: 'full-with-seq', ids: subs.map((s) => s.id), seq: frame.seq }),
          deliverDelta: (subs, frame, base) => record({ kind: 'delta', ids: subs.map((s) => s.id), seq: frame.seq, base: base.seq }),
        }
      : {}),
  };
  const record = (call: Call) => {
    channel.calls.push(call);
    channel.afterCall?.(call);
  };
  return channel;
}

/** A subscriber record as the broadcaster keeps it (defaults: full snapshots every second, holding nothing yet). */
export function subscriber(id: string, channel: Channel, fields: Partial<Subscriber> = {}): Subscriber {
  return { id, channel, hours: 24, delta: false, intervalMs: 1000, lastSeq: -1, lastSentAt: -Infinity, ...fields };
}

export const silentLogger = pino({ level: 'silent' });
