import type { SessionSummary } from '@amiga/protocol';
import { useMemo, useState, type ReactNode } from 'react';
import { formatAgo, formatCompact, formatInt, formatUsd, shortModel } from '../lib/format';
import { SessionLink } from './sessions/SessionLink';
import { nextSort, sessionTokens, sortSessions, type SessionSortKey, type SortDir } from '../lib/sort';

const COLUMNS: { key: SessionSortKey; label: string; numeric?: boolean }[] = [
  { key: 'project', label: 'Project' },
  { key: 'agent', label: 'Agent' },
  { key: 'model', label: 'Model' },
  { key: 'requests', label: 'Requests', numeric: true },
  { key: 'tokens', label: 'Tokens', numeric: true },
  { key: 'cost_usd', label: 'Cost', numeric: true },
  { key: 'tool_calls', label: 'Tools', numeric: true },
  { key: 'last_seen', label: 'Last activity', numeric: true },
];

export function SessionsTable({
  sessions,
  now,
  total,
  actions,
}: {
  sessions: readonly SessionSummary[];
  now: number;
  total: number;
  actions?: ReactNode;
}) {
  const [sort, setSort] = useState<{ key: SessionSortKey; dir: SortDir }>({ key: 'last_seen', dir: 'desc' });
  const rows = useMemo(() => sortSessions(sessions, sort.key, sort.dir), [sessions, sort]);
  return (
    <section className="card table-card">
      <h2>
        Sessions <span className="muted count">{total > sessions.length ? `${sessions.length} of ${total}` : sessions.length}</span>
        {actions}
      </h2>
      <div className="table-scroll">
        <table data-testid="sessions-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" className="th-sort" onClick={() => setSort(nextSort(sort, c.key))}>
                    {c.label}
                    <span className="sort-mark" aria-hidden>
                      {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="empty-row">
                  No sessions in this window
                </td>
              </tr>
            )}
            {rows.map((s) => (
              <tr key={s.session_id} id={`session-${s.session_id}`}>
                <td title={s.session_id}>
                  <SessionLink id={s.session_id}>{s.project ?? <span className="muted">{s.session_id.slice(0, 12)}</span>}</SessionLink>
                </td>
                <td>{s.agent ?? <span className="muted">–</span>}</td>
                <td>
                  <span className="model">{shortModel(s.model)}</span>
                </td>
                <td className="num">{formatInt(s.requests)}</td>
                <td className="num">{formatCompact(sessionTokens(s))}</td>
                <td className="num">{formatUsd(s.cost_usd)}</td>
                <td className="num">{formatInt(s.tool_calls)}</td>
                <td className="num muted">{formatAgo(now - s.last_seen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
