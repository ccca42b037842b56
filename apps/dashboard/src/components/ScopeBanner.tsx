import { setScope } from '../live/connection';
import { sameScope, scopeOfWindow } from '../lib/scope-url';
import { useMonitor } from '../state/store';

/**
 * Says when the figures are filtered to one agent or machine: what the latest snapshot was
 * computed with (its `window` echoes the filter), or that the new filter's figures are on their way.
 */
export function ScopeBanner() {
  const agent = useMonitor((s) => s.agent);
  const machine = useMonitor((s) => s.machine);
  const window = useMonitor((s) => s.snapshot?.window);
  const shown = window ? scopeOfWindow(window) : null;
  if (agent === null && machine === null && (shown === null || (shown.agent === null && shown.machine === null))) return null;
  const pending = shown === null || !sameScope(shown, { agent, machine });
  const parts = [agent !== null && `agent ${agent}`, machine !== null && `machine ${machine}`].filter(Boolean).join(' · ');
  return (
    <div
      className="banner banner-info"
      role="status"
      data-testid="scope-banner"
      data-agent={shown?.agent ?? ''}
      data-machine={shown?.machine ?? ''}
      data-pending={pending}
    >
      <span>
        {parts ? (
          <>
            <strong>Filtered:</strong> only {parts}. Cards, charts and tables cover these events alone
            {pending ? ' (loading…)' : '.'}
          </>
        ) : (
          <>Showing every agent and machine (loading…)</>
        )}
      </span>
      {parts && (
        <button type="button" className="btn btn-small" data-testid="scope-clear" onClick={() => setScope({ agent: null, machine: null })}>
          Show all
        </button>
      )}
    </div>
  );
}
