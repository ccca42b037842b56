import type { HeaderAlert } from '../../lib/alerts-view';
import { formatAgo, formatClock } from '../../lib/format';
import { TableCard } from './TableCard';

const COLUMNS = [{ label: 'Rule' }, { label: 'State' }, { label: 'Since' }, { label: 'Alert' }];

/** The alerts on now, and the events (failed tasks) of the last hour. */
export function ActiveAlerts({ items, now }: { items: readonly HeaderAlert[]; now: number }) {
  return (
    <TableCard title="Active alerts" count={items.length} testId="active-alerts" columns={COLUMNS} empty="No alerts on">
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
    </TableCard>
  );
}
