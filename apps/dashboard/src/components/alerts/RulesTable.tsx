import type { AlertRule } from '@amiga/protocol';
import { describeCondition } from '../../lib/alerts-view';
import { TableCard } from './TableCard';

const COLUMNS = [{ label: 'Name' }, { label: 'Condition' }, { label: 'Channels' }, { label: 'State' }];

/** The rules of the MONITORING_ALERTS file, as the server holds them. */
export function RulesTable({ rules }: { rules: readonly AlertRule[] }) {
  return (
    <TableCard title="Rules" count={rules.length} testId="alert-rules" columns={COLUMNS} empty="No rules in the file">
      {rules.map((r) => (
        <tr key={r.name} data-rule={r.name}>
          <th scope="row">{r.name}</th>
          <td title={`${r.condition} ${JSON.stringify(r.params)}`}>{describeCondition(r)}</td>
          <td>{r.notify.join(', ')}</td>
          <td className={r.problem ? 'bad' : r.enabled ? undefined : 'muted'}>{r.problem ?? (r.enabled ? 'on' : 'disabled')}</td>
        </tr>
      ))}
    </TableCard>
  );
}
