import type { SessionPage } from '@amiga/protocol';
import { useNow } from '../../hooks/useNow';
import { fileStamp, downloadText } from '../../lib/download';
import { formatDuration } from '../../lib/duration';
import { formatAgo, formatCompact, formatInt, formatUsd } from '../../lib/format';
import { isActiveSession, sessionToCsv } from '../../lib/session-export';

const when = (unixSeconds: number) => new Date(unixSeconds * 1000).toLocaleString();

/** The session's identity (id, project, agent, machine, models, first and last activity, live state), its totals and the exports. */
export function SessionHeader({ page }: { page: SessionPage }) {
  const s = page.session;
  const now = useNow(5000) / 1000;
  const active = isActiveSession(s, now);
  const safeId = s.session_id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64);
  const stamp = fileStamp(s.last_seen);
  const totals: [string, string, string, number][] = [
    ['Cost', formatUsd(s.cost_usd), 'cost', s.cost_usd],
    ['Requests', formatInt(s.requests), 'requests', s.requests],
    ['Input tokens', formatInt(s.input_tokens), 'input', s.input_tokens],
    ['Output tokens', formatInt(s.output_tokens), 'output', s.output_tokens],
    ['Cache write', formatCompact(s.cache_creation_tokens), 'cache-creation', s.cache_creation_tokens],
    ['Cache read', formatCompact(s.cache_read_tokens), 'cache-read', s.cache_read_tokens],
    ['Reasoning', formatCompact(s.reasoning_tokens), 'reasoning', s.reasoning_tokens],
    ['Tool calls', formatInt(s.tool_calls), 'tools', s.tool_calls],
    ['Failed tools', formatInt(s.failed_tool_calls), 'failed-tools', s.failed_tool_calls],
    ['Duration', formatDuration(s.duration), 'duration', s.duration],
  ];
  return (
    <>
      <section className="card session-head" data-testid="session-head" data-session={s.session_id}>
        <h1>
          {s.project ?? 'Session'}{' '}
          {s.state && (
            <span className={`pill pill-live-${s.state}`} data-testid="session-state">
              {s.state.replace('_', ' ')}
            </span>
          )}
          {active && (
            <span className="pill pill-running" data-testid="session-active" title="Refreshed every few seconds">
              live
            </span>
          )}
        </h1>
        <dl className="session-facts">
          <dt>Session</dt>
          <dd>
            <code data-testid="session-id">{s.session_id}</code>
          </dd>
          <dt>Agent</dt>
          <dd data-testid="session-agent">{s.agent}</dd>
          <dt>Machine</dt>
          <dd data-testid="session-machine">{s.machine}</dd>
          <dt>Models</dt>
          <dd>{s.models.join(', ') || '–'}</dd>
          <dt>First activity</dt>
          <dd>{when(s.first_seen)}</dd>
          <dt>Last activity</dt>
          <dd>
            {when(s.last_seen)} <span className="muted">({formatAgo(now - s.last_seen)})</span>
          </dd>
        </dl>
        <div className="export">
          <button
            type="button"
            className="btn btn-small"
            data-testid="session-export-json"
            onClick={() => downloadText(`amiga-session-${safeId}-${stamp}.json`, JSON.stringify(page, null, 2), 'application/json')}
          >
            ⤓ JSON
          </button>
          <button type="button" className="btn btn-small" data-testid="session-export-csv" onClick={() => downloadText(`amiga-session-${safeId}-${stamp}.csv`, sessionToCsv(page), 'text/csv')}>
            ⤓ CSV
          </button>
        </div>
      </section>
      <ul className="session-totals" aria-label="Totals" data-testid="session-totals">
        {totals.map(([label, value, key, raw]) => (
          <li key={key} className="card kpi">
            <span className="kpi-label">{label}</span>
            <span className="kpi-value" data-testid={`total-${key}`} data-value={raw}>
              {value}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
