import type { HistoryResponse, MetricsSnapshot } from '@amiga/protocol';
import { create } from 'zustand';
import { loadPrefs, type Prefs } from '../lib/prefs';
import { loadScope, type ScopeChoice } from '../lib/scope-url';

/** `unauthorized`: the server wants an access token (none given, or the one given was refused); no retries until one is entered. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

export interface Counters {
  /** Server messages received (snapshots and control events). */
  messages: number;
  /** Approximate bytes of snapshot payloads received. */
  bytes: number;
  /** Successful reconnections after a lost connection. */
  reconnects: number;
  /** Full snapshots received, and their bytes. */
  fullUpdates: number;
  fullBytes: number;
  /** `metrics_delta`s applied (Socket.IO only), and their bytes. */
  deltaUpdates: number;
  deltaBytes: number;
  /** Deltas that did not build on the snapshot held, each answered by a `request_refresh`. */
  gaps: number;
}

export const emptyCounters: Counters = { messages: 0, bytes: 0, reconnects: 0, fullUpdates: 0, fullBytes: 0, deltaUpdates: 0, deltaBytes: 0, gaps: 0 };

/** The series a window longer than any live snapshot draws its charts from (`GET /api/metrics/history`). */
export interface HistoryState {
  status: 'loading' | 'ready' | 'error';
  /** The window (hours) it was asked for. */
  hours: number;
  /** The last answer (kept while a refresh is under way or failed). */
  data: HistoryResponse | null;
  /** When `data` arrived (ms since epoch, client clock). */
  fetchedAt: number | null;
  error: string | null;
}

/** Everything the dashboard renders; serialisable only (the connection lives in live/connection.ts). */
export interface MonitorState extends Prefs, ScopeChoice {
  status: ConnectionStatus;
  snapshot: MetricsSnapshot | null;
  /** When the latest snapshot arrived (ms since epoch, client clock). */
  receivedAt: number | null;
  /** The id the server gave this client (Socket.IO only). */
  clientId: string | null;
  counters: Counters;
  /** The last `error` event from the server. */
  lastError: { message: string; at: number } | null;
  /** Why the last token was refused; null when none was entered (or it worked). */
  authError: string | null;
  /** History for a window longer than the live snapshot; null for live windows. */
  history: HistoryState | null;
}

export const useMonitor = create<MonitorState>()(() => ({
  ...loadPrefs(),
  // The agent / machine filter lives in the page address (`?agent=`, `?machine=`), not in the stored prefs.
  ...loadScope(),
  status: 'connecting',
  snapshot: null,
  receivedAt: null,
  clientId: null,
  counters: emptyCounters,
  lastError: null,
  authError: null,
  history: null,
}));

/** The preference part of the state, for saving. */
export function prefsOf(s: MonitorState): Prefs {
  return { transport: s.transport, hours: s.hours, interval: s.interval, budget: s.budget, theme: s.theme };
}
