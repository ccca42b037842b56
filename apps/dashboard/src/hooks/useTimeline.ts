import type { MetricsSnapshot, Series } from '@amiga/protocol';
import { useEffect, useMemo } from 'react';
import type { Timeline } from '../components/charts/timeline';
import { describeBucket, describeWindow, isHistoryWindow } from '../lib/windows';
import { useMonitor } from '../state/store';
import { onceImport } from '../lib/retry-import';

const loadHistory = onceImport(() => import('../live/history'));

/**
 * What the time charts draw for the chosen window: the live snapshot's series, or for
 * a window longer than any live snapshot, the history fetched while it is chosen.
 */
export function useTimeline(hours: number, snapshot: MetricsSnapshot | null): Timeline | null {
  const long = isHistoryWindow(hours);
  // A new filter starts the history over (the feed reads the filter at each fetch).
  const agent = useMonitor((s) => s.agent);
  const machine = useMonitor((s) => s.machine);
  useEffect(() => {
    if (!long) return;
    // Loaded on demand: the history code (and the schemas it brings along) stays out of the first bundle.
    let stop: (() => void) | undefined;
    let cancelled = false;
    void loadHistory().then(({ followHistory }) => {
      if (!cancelled) stop = followHistory(hours);
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [long, hours, agent, machine]);
  const history = useMonitor((s) => (long && s.history?.hours === hours ? s.history : null));
  const data = history?.data ?? null;
  const historySeries = useMemo<Series | null>(() => (data ? { bucket_seconds: data.bucket, points: data.points } : null), [data]);

  const series = snapshot?.series;
  const window = snapshot?.window;
  const now = snapshot?.timestamp;
  return useMemo<Timeline | null>(() => {
    if (long) {
      if (!data || !historySeries) {
        return {
          source: 'history',
          series: { bucket_seconds: 3600, points: [] },
          since: 0,
          now: 0,
          hours,
          caption: `${describeWindow(hours)} · history`,
          placeholder: history?.status === 'error' ? `History unavailable: ${history.error}` : 'Loading history…',
        };
      }
      return {
        source: 'history',
        series: historySeries,
        since: data.from,
        // The server widens `to` to a whole bucket: the last bucket drawn is the one now falls in.
        now: data.to - 1,
        hours,
        caption: `${describeWindow(hours)} · ${describeBucket(data.bucket)} · history${history?.status === 'error' ? ' (last refresh failed)' : ''}`,
        placeholder: null,
      };
    }
    if (!series || !window || now === undefined) return null;
    return {
      source: 'live',
      series,
      since: window.since,
      now,
      hours: window.hours,
      caption: `${describeWindow(window.hours)} · ${describeBucket(series.bucket_seconds)} · live`,
      placeholder: null,
    };
  }, [long, hours, data, historySeries, history?.status, history?.error, series, window, now]);
}
