import type { SessionRequest } from '@amiga/protocol';
import { useMemo, useState } from 'react';
import { formatClock, formatInt, formatUsd, shortModel } from '../../lib/format';

type Key = 'ts' | 'model' | 'input_tokens' | 'output_tokens' | 'cache_read_tokens' | 'cost_usd';
const COLUMNS: { key: Key; label: string; numeric?: boolean }[] = [
  { key: 'ts', label: 'Time' },
  { key: 'model', label: 'Model' },
  { key: 'input_tokens', label: 'Input', numeric: true },
  { key: 'output_tokens', label: 'Output', numeric: true },
  { key: 'cache_read_tokens', label: 'Cache read', numeric: true },
  { key: 'cost_usd', label: 'Cost', numeric: true },
];

/** The session's requests: sortable (by cost to find the expensive ones), the priciest marked. */
export function RequestsTable({ requests }: { requests: readonly SessionRequest[] }) {
  const [sort, setSort] = useState<{ key: Key; dir: 'asc' | 'desc' }>({ key: 'ts', dir: 'asc' });
  const rows = useMemo(() => {
    const sign = sort.dir === 'asc' ? 1 : -1;
    const v = (r: SessionRequest) => (sort.key === 'cost_usd' ? (r.cost_usd ?? -1) : r[sort.key]);
    return requests
      .map((r, i) => ({ r, i }))
      .sort((a, b) => {
        const x = v(a.r);
        const y = v(b.r);
        return x < y ? -sign : x > y ? sign : a.i - b.i;
      })
      .map(({ r }) => r);
  }, [requests, sort]);
  const top = useMemo(() => Math.max(0, ...requests.map((r) => r.cost_usd ?? 0)), [requests]);
  const click = (key: Key) => setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'ts' || key === 'model' ? 'asc' : 'desc' }));
  return (
    <section className="card table-card">
      <h2>
        Requests <span className="muted count">{requests.length}</span>
      </h2>
      <div className="table-scroll session-rows">
        <table data-testid="session-requests">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  <button type="button" className="th-sort" data-testid={`requests-sort-${c.key}`} onClick={() => click(c.key)}>
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
                  No request recorded
                </td>
              </tr>
            )}
            {rows.map((r, i) => (
              <tr key={`${r.ts}-${i}`} data-testid="request-row" className={top > 0 && r.cost_usd === top ? 'row-top' : undefined}>
                <td className="muted">{formatClock(r.ts)}</td>
                <td>
                  <span className="model" title={r.model}>
                    {shortModel(r.model)}
                  </span>
                </td>
                <td className="num">{formatInt(r.input_tokens)}</td>
                <td className="num">{formatInt(r.output_tokens)}</td>
                <td className="num">{formatInt(r.cache_read_tokens)}</td>
                <td className="num" data-testid="request-cost">
                  {r.cost_usd === null ? <span className="muted" title="unpriced model">–</span> : formatUsd(r.cost_usd)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
