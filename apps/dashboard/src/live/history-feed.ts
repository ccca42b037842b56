import type { HistoryResponse } from '@amiga/protocol';

/** How often the history of a long window is fetched again, at the least. */
export const HISTORY_REFRESH_MS = 60_000;
/** Live updates ask for a new history at most this often. */
export const HISTORY_MIN_GAP_MS = 10_000;

export interface HistoryFeedDeps {
  /** Fetches the history (the request is built by the caller at call time, so it ends at the current time). */
  load(signal: AbortSignal): Promise<HistoryResponse>;
  data(history: HistoryResponse): void;
  error(message: string): void;
  refreshMs?: number;
  minGapMs?: number;
  /** Clock in ms (injected by the tests). */
  now?: () => number;
}

export interface HistoryFeed {
  /** A live update arrived: the history may have grown too. Fetches again, at most every `minGapMs`. */
  poke(): void;
  stop(): void;
}

/**
 * Keeps a history fresh: fetched at once, then every `refreshMs`, and again soon after a
 * live update (throttled). One request at a time: a newer one aborts the one in flight.
 */
export function startHistoryFeed({ load, data, error, refreshMs = HISTORY_REFRESH_MS, minGapMs = HISTORY_MIN_GAP_MS, now = Date.now }: HistoryFeedDeps): HistoryFeed {
  let stopped = false;
  let periodic: ReturnType<typeof setTimeout> | undefined;
  let soon: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | null = null;
  let lastStart = -Infinity;

  const run = async () => {
    clearTimeout(periodic);
    clearTimeout(soon);
    soon = undefined;
    inflight?.abort();
    const mine = new AbortController();
    inflight = mine;
    lastStart = now();
    try {
      const history = await load(mine.signal);
      if (!stopped && inflight === mine) data(history);
    } catch (err) {
      if (!stopped && inflight === mine) error(err instanceof Error ? err.message : String(err));
    } finally {
      if (!stopped && inflight === mine) {
        inflight = null;
        periodic = setTimeout(() => void run(), refreshMs);
      }
    }
  };

  void run();
  return {
    poke() {
      if (stopped || soon !== undefined) return;
      soon = setTimeout(() => void run(), Math.max(0, lastStart + minGapMs - now()));
    },
    stop() {
      stopped = true;
      clearTimeout(periodic);
      clearTimeout(soon);
      inflight?.abort();
    },
  };
}
