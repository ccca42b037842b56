import type { AlertDeliveryInfo } from '@amiga/protocol';
import { deliveryRuleLabel, deliveryStatusLabel, formatWhen } from '../../lib/alerts-view';

/** The last deliveries (newest first): each notice to each channel and what came of it. */
export function DeliveriesTable({ deliveries }: { deliveries: readonly AlertDeliveryInfo[] }) {
  return (
    <section className="card table-card">
      <h2>
        Delivery history <span className="muted count">{deliveries.length}</span>
      </h2>
      <div className="table-scroll">
        <table data-testid="alert-deliveries">
          <caption className="visually-hidden">Alert deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Rule</th>
              <th scope="col">Notice</th>
              <th scope="col">Channel</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.length === 0 && (
              <tr>
                <td colSpan={7} className="empty-row">
                  Nothing sent yet
                </td>
              </tr>
            )}
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
