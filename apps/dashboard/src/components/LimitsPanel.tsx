import { useMemo } from 'react';
import { useNow } from '../hooks/useNow';
import { agentLimits } from '../lib/limits-view';
import { useMonitor } from '../state/store';
import { AgentLimitsRow } from './limits/AgentLimitsRow';
import './limits/limits.css';

/**
 * "Plan limits": per agent, the 5-hour and weekly windows the agent reports (measured: Claude
 * Code's status line, Codex's rollouts) and its current 5-hour block counted from its requests
 * (estimated). Read from the snapshot in the store; absent when the server carries no limits.
 */
export function LimitsPanel() {
  const limits = useMonitor((s) => s.snapshot?.limits);
  const blocks = useMonitor((s) => s.snapshot?.blocks);
  // Times to reset and the pace move with the clock between snapshots.
  const now = Math.floor(useNow(10_000) / 1000);
  const rows = useMemo(() => agentLimits(limits ?? [], blocks ?? {}, now), [limits, blocks, now]);
  if (limits === undefined && blocks === undefined) return null;
  return (
    <section className="card limits" data-testid="limits-panel">
      <h2>
        Plan limits
        <span className="muted small limits-legend">
          <b>measured</b>: reported by the agent · <b>estimated</b>: counted from its requests
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted small">
          No limits reported yet. Run <code>amiga-monitor statusline install</code> so Claude Code reports its 5-hour and weekly use; Codex reports its own in its rollouts.
        </p>
      ) : (
        rows.map((row) => <AgentLimitsRow key={row.agent} row={row} now={now} />)
      )}
    </section>
  );
}
