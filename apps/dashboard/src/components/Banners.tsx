import { formatClock, formatUsd } from '../lib/format';
import { dismissError } from '../live/connection';
import { useMonitor } from '../state/store';

/** Lost connection, server errors and the budget alert, above the content. */
export function Banners({ overBudget, cost, budget }: { overBudget: boolean; cost: number | null; budget: number | null }) {
  const status = useMonitor((s) => s.status);
  const transport = useMonitor((s) => s.transport);
  const hasSnapshot = useMonitor((s) => s.snapshot !== null);
  const lastError = useMonitor((s) => s.lastError);
  return (
    <div className="banners">
      {overBudget && (
        <div className="banner banner-alert" role="alert" data-testid="budget-alert">
          <strong>Budget exceeded:</strong> {formatUsd(cost ?? 0)} spent, over the limit of {formatUsd(budget ?? 0)} for this window.
        </div>
      )}
      {(status === 'reconnecting' || status === 'offline') && (
        <div className="banner banner-warn" role="status" data-testid="connection-banner">
          <strong>Connection lost.</strong> Reconnecting over {transport === 'sse' ? 'SSE' : 'WebSocket'} automatically
          {hasSnapshot ? '; the figures below may be out of date.' : '…'}
        </div>
      )}
      {lastError && (
        <div className="banner banner-error" role="alert" data-testid="error-banner">
          <span>
            <strong>Server error</strong> at {formatClock(lastError.at / 1000)}: {lastError.message}
          </span>
          <button type="button" className="btn btn-link" onClick={dismissError} aria-label="Dismiss">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
