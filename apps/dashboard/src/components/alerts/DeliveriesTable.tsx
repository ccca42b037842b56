import type { AlertDeliveryInfo } from '@amiga/protocol';
import { deliveryRuleLabel, deliveryStatusLabel, formatWhen } from '../../lib/alerts-view';
import { TableCard } from './TableCard';

const COLUMNS = [{ label: 'Time' }, { label: 'Rule' }, { label: 'Notice' }, { label: 'Channel' }, { label: 'Status' }, { label: 'Attempts', num: true }, { label: 'Error' }];

/** The last deliveries (newest first): each notice to each channel and what came of it. */
export function DeliveriesTable({ deliveries }: { deliveries: readonly AlertDeliveryInfo[] }) {
  return (
    <TableCard title="Delivery history" count={deliveries.length} testId="alert-deliveries" columns={COLUMNS} empty="Nothing sent yet" caption="Alert deliveries, newest first">
      {deliveries.map((d) => {
        const status = deliveryStatusLabel(d);
        return (
          <tr key={d.id} data-testid="delivery-row" data-status={d.status} data-channel={d.channel} data-notice={d.notice}>
            <td className="alerts-time">{formatWhen(d.created_at)}</td>
            <td title={d.title}>{deliveryRuleLabel(d)}</td>
            <td>{d.notice}</td>
            <td>{d.channel}</td>
            <td>
              <span className={`pill pill-alert-${status}`}>{status}</span>
            </td>
            <td className="num">{d.attempts}</td>
            <td className="alerts-wrap bad">{d.last_error ?? ''}</td>
          </tr>
        );
      })}
    </TableCard>
  );
}
