import type { MetricsSnapshot } from '@amiga/protocol';
import type { TransportKind } from '../lib/prefs';
import type { ConnectionStatus } from '../state/store';

export type UpdateKind = 'full' | 'delta';

/** What the user asked to receive; replayed on every (re)connect. */
export interface Subscription {
  hours: number;
  interval: number;
  /** Only this agent's / machine's events; null or absent: all. */
  agent?: string | null;
  machine?: string | null;
}

/** Callbacks a transport reports through; the connection module turns them into store updates. */
export interface TransportSink {
  status(status: ConnectionStatus): void;
  /** A new snapshot: received whole (`full`), or built from the one held and a `metrics_delta` (`delta`); `bytes` is what its frame weighed. */
  snapshot(snapshot: MetricsSnapshot, bytes: number, kind: UpdateKind): void;
  /** A delta did not build on the snapshot held; a full one was asked for. */
  gap(): void;
  /** Any other message from the server (counted). */
  message(): void;
  /** An `error` event from the server. */
  serverError(message: string): void;
  /** Connected again after losing the connection. */
  reconnected(): void;
  clientId(id: string | null): void;
  /** The server refused the connection for want of a valid token; the transport waits to be reopened. */
  authRequired(): void;
}

/**
 * A live metrics feed. Implementations reconnect on their own, forever, and
 * re-subscribe with `current()` each time they (re)connect.
 */
export interface MetricsTransport {
  readonly kind: TransportKind;
  open(): void;
  /** Closes for good; no reconnect follows. */
  close(): void;
  /** The window, interval or filter changed: apply `current()` now. */
  resubscribe(): void;
  /** Ask for a fresh snapshot at once. */
  refresh(): void;
}

export type TransportFactory = (sink: TransportSink, current: () => Subscription) => MetricsTransport;
