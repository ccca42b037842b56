import { API_PATHS, apiUrl, type HistoryResponse } from '@amiga/protocol';
import { apiFetch } from '../lib/api';
import { shareUnchanged } from '../lib/share';
import { historyRequestFor } from '../lib/history-range';
import { scopeParams } from '../lib/scope-url';
import { useMonitor } from '../state/store';
import { startHistoryFeed } from './history-feed';

const set = useMonitor.setState;

/** `GET /api/metrics/history` for a window ending now, under the dashboard's filter, with the access token. */
export async function fetchHistory(hours: number, signal?: AbortSignal): Promise<HistoryResponse> {
  const { from, to, bucket } = historyRequestFor(hours, Date.now() / 1000);
  const { agent, machine } = useMonitor.getState();
  const res = await apiFetch(apiUrl(API_PATHS.metricsHistory, { from, to, bucket, ...scopeParams({ agent, machine }) }), signal ? { signal } : {});
  if (res.status === 401) throw new Error('the server refused the access token');
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as HistoryResponse;
}

/**
 * Keeps the store's `history` filled for a window longer than the live snapshot:
 * fetched at once, every minute, and soon after each live update. Returns the stop
 * function (which clears it).
 */
export function followHistory(hours: number): () => void {
  set({ history: { status: 'loading', hours, data: null, fetchedAt: null, error: null } });
  const feed = startHistoryFeed({
    load: (signal) => fetchHistory(hours, signal),
    data: (data) =>
      set((s) => ({
        history: {
          status: 'ready',
          hours,
          // An unchanged history keeps its identity: the charts are not redrawn.
          data: s.history?.hours === hours && s.history.data ? shareUnchanged(s.history.data, data) : data,
          fetchedAt: Date.now(),
          error: null,
        },
      })),
    error: (error) =>
      set((s) => ({ history: { status: 'error', hours, data: s.history?.hours === hours ? s.history.data : null, fetchedAt: s.history?.fetchedAt ?? null, error } })),
  });
  const unsubscribe = useMonitor.subscribe((s, prev) => {
    if (s.snapshot !== prev.snapshot && s.snapshot !== null) feed.poke();
  });
  return () => {
    unsubscribe();
    feed.stop();
    set({ history: null });
  };
}
