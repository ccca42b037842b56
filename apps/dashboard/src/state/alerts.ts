import type { AlertsStatus } from '@amiga/protocol';
import { create } from 'zustand';

/** The server's alerts (`GET /api/alerts`) as last polled; serialisable only (the poller lives in live/alerts.ts). */
export interface AlertsState {
  /** `idle`: not polled yet; `error`: the last poll failed (the last good `data` is kept). */
  status: 'idle' | 'ready' | 'error';
  data: AlertsStatus | null;
  error: string | null;
  /** When `data` arrived (ms since epoch, client clock). */
  fetchedAt: number | null;
}

export const useAlerts = create<AlertsState>()(() => ({ status: 'idle', data: null, error: null, fetchedAt: null }));
