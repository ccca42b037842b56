import type { Live, LiveState } from '@amiga/protocol';
import { useMemo } from 'react';
import { useNow } from '../hooks/useNow';
import { formatAgo } from '../lib/format';
import { formatWait, orderLive, sessionLabel } from '../lib/live-sessions';
import { SessionLink } from './sessions/SessionLink';

const LABELS: Record<LiveState, string> = { needs_input: 'needs input', working: 'working', idle: 'idle', stale: 'stale', ended: 'ended' };
const HEADER: LiveState[] = ['needs_input', 'working', 'idle', 'stale'];

/** "Agents now": which sessions need the user (and why, for how long), which work (on what), which are idle or stale. */
export function AgentsNow({ live }: { live: Live }) {
  const now = useNow(1000) / 1000;
  const rows = useMemo(() => orderLive(live.sessions), [live.sessions]);
  return (
    <section className="card agents-now" data-testid="agents-now">
      <h2>
        Agents now
        <span className="agents-counts">
          {HEADER.map((state) => (
            <span key={state} className={`pill pill-live-${state}`} data-testid={`agents-count-${state}`}>
              {live.counts[state]} {LABELS[state]}
            </span>
          ))}
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="muted small">
          No live session. Run <code>amiga-monitor hooks install</code> to send Claude Code&apos;s hooks here.
        </p>
      ) : (
        <ul className="agents-list">
          {rows.map((s) => (
            <li key={s.session_id} className={`agent agent-${s.state}`} data-testid="agent-row" data-state={s.state} data-session={s.session_id}>
              <SessionLink id={s.session_id} className="agent-open" title={`${s.session_id}${s.project ? ` · ${s.project}` : ''}`}>
                <span className={`pill pill-live-${s.state}`}>{LABELS[s.state]}</span>
                <span className="agent-name">{sessionLabel(s)}</span>
                <span className="agent-what muted">
                  {s.state === 'needs_input' && (
                    <>
                      waiting {formatWait(now - s.since)}
                      {s.message ? ` · ${s.message}` : ''}
                    </>
                  )}
                  {s.state === 'working' && (s.tool ? `running ${s.tool}` : 'thinking')}
                  {s.state === 'working' && s.subagents.length > 0 && ` · ${s.subagents.length} subagent${s.subagents.length > 1 ? 's' : ''}`}
                  {(s.state === 'idle' || s.state === 'ended') && `since ${formatAgo(now - s.since)}`}
                  {s.state === 'stale' && `silent since ${formatAgo(now - s.last_event_at)}`}
                </span>
                <span className="agent-agent muted small">{s.agent}</span>
              </SessionLink>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
