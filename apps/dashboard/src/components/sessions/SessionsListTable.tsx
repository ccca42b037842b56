import type { SessionListItem, SessionSort } from '@amiga/protocol';
import { formatDuration } from '../../lib/duration';
import { formatAgo, formatCompact, formatInt, formatUsd, shortModel } from '../../lib/format';
import type { SessionFilters } from '../../lib/sessions-url';
import { SessionLink } from './SessionLink';

const tokensOf = (s: SessionListItem) => s.input_tokens + s.output_tokens + s.cache_creation_tokens + s.cache_read_tokens + s.reasoning_tokens;

/** Columns; those with `sort` are ordered by the server (the API's `sort`). */
const COLUMNS: { label: string; sort?: SessionSort; numeric?: boolean }[] = [
  { label: 'Session' },
  { label: 'Agent' },
  { label: 'Machine' },
  { label: 'Models' },
  { label: 'State' },
  { label: 'Requests', sort: 'requests', numeric: true },
  { label: 'Tokens', sort: 'tokens', numeric: true },
  { label: 'Cost', sort: 'cost', numeric: true },
  { label: 'Tools', numeric: true },
  { label: 'Duration', sort: 'duration', numeric: true },
  { label: 'Last activity', sort: 'last_seen', numeric: true },
];

export function SessionsListTable({
  sessions,
  filters,
  onSort,
  now,
}: {
  sessions: readonly SessionListItem[];
  filters: SessionFilters;
  onSort: (sort: SessionSort) => void;
  now: number;
}) {
  return (
    <div className="table-scroll">
      <table data-testid="sessions-list">
        <caption className="visually-hidden">Sessions, {filters.sort.replace('_', ' ')} {filters.order === 'asc' ? 'ascending' : 'descending'}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const sorted = c.sort !== undefined && filters.sort === c.sort;
              return (
                <th
                  key={c.label}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sorted ? (filters.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {c.sort ? (
                    <button type="button" className="th-sort" data-testid={`sort-${c.sort}`} onClick={() => onSort(c.sort!)}>
                      {c.label}
                      <span className="sort-mark" aria-hidden>
                        {sorted ? (filters.order === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sessions.length === 0 && (
            <tr>
              <td colSpan={COLUMNS.length} className="empty-row">
                No session matches these filters
              </td>
            </tr>
          )}
          {sessions.map((s) => (
            <tr key={s.session_id} data-testid="sessions-row" data-session={s.session_id}>
              <th scope="row" className="session-cell">
                <SessionLink id={s.session_id}>{s.project ?? s.session_id.slice(0, 12)}</SessionLink>
                <span className="muted small session-id">{s.session_id.slice(0, 12)}</span>
              </th>
              <td>{s.agent}</td>
              <td>{s.machine}</td>
              <td>
                {s.models.map((m) => (
                  <span key={m} className="model" title={m}>
                    {shortModel(m)}{' '}
                  </span>
                ))}
              </td>
              <td>{s.state ? <span className={`pill pill-live-${s.state}`}>{s.state.replace('_', ' ')}</span> : <span className="muted">–</span>}</td>
              <td className="num" data-testid="cell-requests">
                {formatInt(s.requests)}
              </td>
              <td className="num">{formatCompact(tokensOf(s))}</td>
              <td className="num" data-testid="cell-cost">
                {formatUsd(s.cost_usd)}
              </td>
              <td className="num">
                {formatInt(s.tool_calls)}
                {s.failed_tool_calls > 0 && <span className="bad small"> ({s.failed_tool_calls} failed)</span>}
              </td>
              <td className="num">{formatDuration(s.last_seen - s.first_seen)}</td>
              <td className="num muted">{formatAgo(now - s.last_seen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
