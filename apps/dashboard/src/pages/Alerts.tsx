import { ActiveAlerts } from '../components/alerts/ActiveAlerts';
import { ChannelTests } from '../components/alerts/ChannelTests';
import { DeliveriesTable } from '../components/alerts/DeliveriesTable';
import { RulesTable } from '../components/alerts/RulesTable';
import '../components/alerts.css';
import { Header } from '../components/Header';
import { TokenForm } from '../components/TokenForm';
import { useAlertsFeed } from '../hooks/useAlertsFeed';
import { useMetricsSocket } from '../hooks/useMetricsSocket';
import { useNow } from '../hooks/useNow';
import { headerAlerts } from '../lib/alerts-view';
import { submitToken } from '../live/connection';
import { useMonitor } from '../state/store';

/** `/alerts`: the server's alert rules, the alerts on, a test per channel, and the delivery history. */
export function AlertsPage() {
  const status = useMetricsSocket();
  const authError = useMonitor((s) => s.authError);
  return (
    <>
      <Header />
      <main className="page alerts-page">{status === 'unauthorized' ? <TokenForm onSubmit={submitToken} error={authError} /> : <AlertsContent />}</main>
    </>
  );
}

function AlertsContent() {
  const feed = useAlertsFeed();
  const now = useNow(5000) / 1000;
  const data = feed.data;
  if (data === null) {
    return <p className={feed.error ? 'bad' : 'muted'}>{feed.error ? `The alerts could not be read: ${feed.error}` : 'Loading alerts…'}</p>;
  }
  if (!data.enabled) {
    return (
      <section className="card" data-testid="alerts-off">
        <h2>Alerts are not configured on this server</h2>
        <p className="muted">
          Set <code>MONITORING_ALERTS</code> to a JSON file of channels (Telegram, Slack, Discord, webhooks) and rules (a failed task, a cost over a
          budget, an agent waiting for input…) and the server sends them, with no dashboard open. See the README&apos;s “Alerts” section.
        </p>
      </section>
    );
  }
  return (
    <>
      {feed.error && <p className="banner banner-warn">The last refresh failed ({feed.error}); showing what was read before.</p>}
      {data.problem && (
        <p className="banner banner-warn" data-testid="alerts-problem">
          {data.problem}
        </p>
      )}
      <ActiveAlerts items={headerAlerts(data, now)} now={now} />
      <ChannelTests channels={data.channels} />
      <RulesTable rules={data.rules} />
      <DeliveriesTable deliveries={data.deliveries} />
    </>
  );
}
