import { formatBytes, formatInt } from '../lib/format';
import { useMonitor } from '../state/store';

const avg = (bytes: number, n: number) => (n === 0 ? '—' : formatBytes(bytes / n));

/** How updates arrive: full snapshots and deltas, with their average size (the page's own count). */
export function UpdateStats() {
  const c = useMonitor((s) => s.counters);
  const transport = useMonitor((s) => s.transport);
  return (
    <footer
      className="page-footer muted small"
      data-testid="update-stats"
      data-full-updates={c.fullUpdates}
      data-delta-updates={c.deltaUpdates}
      data-gaps={c.gaps}
    >
      Updates over {transport === 'sse' ? 'SSE' : 'WebSocket'}: {formatInt(c.fullUpdates)} full (avg {avg(c.fullBytes, c.fullUpdates)})
      {transport === 'websocket' && (
        <>
          {' '}
          · {formatInt(c.deltaUpdates)} deltas (avg {avg(c.deltaBytes, c.deltaUpdates)})
          {c.gaps > 0 && <> · {formatInt(c.gaps)} gaps refilled</>}
        </>
      )}
    </footer>
  );
}
