import type { HeaderAlert } from '../../lib/alerts-view';
import { formatAgo, formatClock } from '../../lib/format';

/** The alerts on now, and the events (failed tasks) of the last hour. */
export function ActiveAlerts({ items, now }: { items: readonly HeaderAlert[]; now: number }) {
  return (
    <section className="card table-card">
      <h2>
        Active alerts <span className="muted count">{items.length}</span>
      </h2>
      <div className="table-scroll">
        <table data-testid="active-alerts">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">State</th>
              <th scope="col">Since</th>
              <th scope="col">Alert</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={4} className="empty-row">
                  No alerts on
                </td>
              </tr>
            )}
            {items.map((a) => (
              <tr key={a.key} data-kind={a.kind}>
                <th scope="row">{a.rule}</th>
                <td>{a.kind === 'active' ? 'on' : 'fired'}</td>
                <td className="muted" title={formatClock(a.since)}>
                  {formatAgo(now - a.since)}
                </td>
                <td className="alerts-wrap">{a.link ? <a href={a.link}>{a.title}</a> : a.title}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
