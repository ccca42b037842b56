import type { MetricsSnapshot, Topic } from '@amiga/protocol';
import { create } from 'zustand';

export type BenchStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/** The namespaces offering the metrics events. */
export const NAMESPACES = ['/', '/metrics'] as const;
export type BenchNamespace = (typeof NAMESPACES)[number];

export interface LogEntry {
  id: number;
  /** ms since epoch. */
  at: number;
  dir: 'in' | 'out' | 'sys';
  event: string;
  detail: string;
}

/** Received updates of one kind: how many, and their bytes on the wire. */
export interface Tally {
  count: number;
  bytes: number;
}

/** A `request_history` and the chunks it brought so far. */
export interface HistoryRun {
  requestId: string;
  from: number;
  to: number;
  bucket: number;
  chunks: number;
  points: number;
  /** Sums over the points received. */
  requests: number;
  toolCalls: number;
  cost: number;
  done: boolean;
  /** The seq of a chunk received and not acknowledged yet (manual acks). */
  awaitingAck: number | null;
  /** ms, performance clock. */
  startedAt: number;
  elapsedMs: number | null;
}

/** State of the /websocket-test page's own Socket.IO client. */
export interface BenchState {
  status: BenchStatus;
  /** The namespace connected to (or to connect to). */
  namespace: BenchNamespace;
  clientId: string | null;
  /** `websocket` or `polling` once connected. */
  engine: string | null;
  log: LogEntry[];
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  reconnects: number;
  /** Last `request_refresh` → `metrics_update` round trip, ms. */
  rttMs: number | null;
  /** The snapshot held: the last one received, or built from it by deltas. */
  latest: MetricsSnapshot | null;
  /** Full snapshots and deltas received; gaps are deltas that did not build on the snapshot held. */
  full: Tally;
  delta: Tally;
  gaps: number;
  /** Rooms joined, as the server last answered. */
  rooms: { tasks: boolean; activity: boolean; sessions: boolean };
  /** Topics held (the server's last `topics` answer) and `topic_update`s received per topic. */
  topics: Topic[];
  topicCounts: Partial<Record<Topic, number>>;
  history: HistoryRun | null;
  /** Last probe: client-measured round trip, and the server's last heartbeat round trip to us (null before its first ping). */
  probe: { count: number; clientMs: number | null; heartbeatMs: number | null; periodic: boolean };
  /** The server refused the handshake for want of a valid token; null when it did not. */
  auth: { refused: true; error: string | null } | null;
}

/** Entries kept in the log. */
export const LOG_LIMIT = 300;

const initial: Omit<BenchState, 'log' | 'namespace' | 'probe'> = {
  status: 'disconnected',
  clientId: null,
  engine: null,
  messagesIn: 0,
  messagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  reconnects: 0,
  rttMs: null,
  latest: null,
  full: { count: 0, bytes: 0 },
  delta: { count: 0, bytes: 0 },
  gaps: 0,
  rooms: { tasks: false, activity: false, sessions: false },
  topics: [],
  topicCounts: {},
  history: null,
  auth: null,
};

export const useBench = create<BenchState>()(() => ({
  ...initial,
  namespace: '/',
  log: [],
  probe: { count: 0, clientMs: null, heartbeatMs: null, periodic: false },
}));

let nextId = 1;

export function logEntry(dir: LogEntry['dir'], event: string, detail = ''): void {
  const entry: LogEntry = { id: nextId++, at: Date.now(), dir, event, detail };
  useBench.setState((s) => ({ log: [entry, ...s.log].slice(0, LOG_LIMIT) }));
}

export const tally = (t: Tally, bytes: number): Tally => ({ count: t.count + 1, bytes: t.bytes + bytes });
