import type { MetricsSnapshot } from '@amiga/protocol';
import { create } from 'zustand';
import { loadPrefs, type Prefs } from '../lib/prefs';

/** `unauthorized`: the server wants an access token (none given, or the one given was refused); no retries until one is entered. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized';

export interface Counters {
  /** Server messages received (snapshots and control events). */
  messages: number;
  /** Approximate bytes of snapshot payloads received. */
  bytes: number;
  /** Successful reconnections after a lost connection. */
  reconnects: number;
}

/** Everything the dashboard renders; serialisable only (the connection lives in live/connection.ts). */
export interface MonitorState extends Prefs {
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
}

export const useMonitor = create<MonitorState>()(() => ({
  ...loadPrefs(),
  status: 'connecting',
  snapshot: null,
  receivedAt: null,
  clientId: null,
  counters: { messages: 0, bytes: 0, reconnects: 0 },
  lastError: null,
  authError: null,
}));

/** The preference part of the state, for saving. */
export function prefsOf(s: MonitorState): Prefs {
  return { transport: s.transport, hours: s.hours, interval: s.interval, budget: s.budget, theme: s.theme };
}
