import type { SessionTool } from '@amiga/protocol';
import { useMemo } from 'react';
import { formatClock, formatInt } from '../../lib/format';
import { groupToolFailures, toolCounts } from '../../lib/session-export';

/** Tool calls: per tool, the failures grouped by error, and every call with the failed ones highlighted. */
export function ToolsPanel({ tools }: { tools: readonly SessionTool[] }) {
  const counts = useMemo(() => toolCounts(tools), [tools]);
  const failures = useMemo(() => groupToolFailures(tools), [tools]);
  return (
    <section className="card table-card" data-testid="session-tools">
      <h2>
        Tool calls <span className="muted count">{tools.length}</span>
      </h2>
      {failures.length > 0 && (
        <div className="tool-failures" data-testid="tool-failures">
          <h3 className="bad">Failures by error</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Error</th>
                <th scope="col">Tool</th>
                <th scope="col" className="num">
                  Times
                </th>
                <th scope="col" className="num">
                  Last
                </th>
              </tr>
            </thead>
            <tbody>
              {failures.map((g) => (
                <tr key={`${g.error}-${g.name}`} className="row-failed" data-testid="tool-failure-group">
                  <td>{g.error}</td>
                  <td>{g.name}</td>
                  <td className="num">{formatInt(g.count)}</td>
                  <td className="num muted">{formatClock(g.last)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-scroll">
        <table data-testid="tool-counts">
          <caption className="visually-hidden">Calls per tool</caption>
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Failed
              </th>
            </tr>
          </thead>
          <tbody>
            {counts.length === 0 && (
              <tr>
                <td colSpan={3} className="empty-row">
                  No tool call recorded
                </td>
              </tr>
            )}
            {counts.map((c) => (
              <tr key={c.name} data-testid="tool-count" data-tool={c.name}>
                <td>{c.name}</td>
                <td className="num">{formatInt(c.calls)}</td>
                <td className={`num${c.failed > 0 ? ' bad' : ''}`}>{formatInt(c.failed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {tools.length > 0 && (
        <details className="tool-calls">
          <summary>Every call</summary>
          <div className="table-scroll session-rows">
            <table data-testid="tool-calls">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Tool</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {tools.map((t, i) => (
                  <tr key={`${t.ts}-${i}`} className={t.success === false ? 'row-failed' : undefined} data-testid="tool-call" data-failed={t.success === false}>
                    <td className="muted">{formatClock(t.ts)}</td>
                    <td>{t.name}</td>
                    <td>{t.success === null ? <span className="muted">unknown</span> : t.success ? 'ok' : <span className="bad">{t.error ?? 'failed'}</span>}</td>
                    <td className="num muted">{t.duration_ms === null ? '–' : `${formatInt(t.duration_ms)} ms`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}
