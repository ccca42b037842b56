import type { MetricsSnapshot } from '@amiga/protocol';
import { create } from 'zustand';

export type BenchStatus = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

export interface LogEntry {
  id: number;
  /** ms since epoch. */
  at: number;
  dir: 'in' | 'out' | 'sys';
  event: string;
  detail: string;
}

/** State of the /websocket-test page's own Socket.IO client. */
export interface BenchState {
  status: BenchStatus;
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
  latest: MetricsSnapshot | null;
  /** The server refused the handshake for want of a valid token; null when it did not. */
  auth: { refused: true; error: string | null } | null;
}

/** Entries kept in the log. */
export const LOG_LIMIT = 300;

export const useBench = create<BenchState>()(() => ({
  status: 'disconnected',
  clientId: null,
  engine: null,
  log: [],
  messagesIn: 0,
  messagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  reconnects: 0,
  rttMs: null,
  latest: null,
  auth: null,
}));

let nextId = 1;

export function logEntry(dir: LogEntry['dir'], event: string, detail = ''): void {
  const entry: LogEntry = { id: nextId++, at: Date.now(), dir, event, detail };
  useBench.setState((s) => ({ log: [entry, ...s.log].slice(0, LOG_LIMIT) }));
}
