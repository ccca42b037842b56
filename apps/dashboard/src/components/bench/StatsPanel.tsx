import { formatBytes, formatInt } from '../../lib/format';
import { useBench, type Tally } from '../../testbench/store';
import { Stat } from './Stat';

const tallyText = (t: Tally) => (t.count === 0 ? '0' : `${formatInt(t.count)} · avg ${formatBytes(t.bytes / t.count)}`);
const ms = (v: number | null, none = '—') => (v === null ? none : `${v.toFixed(1)} ms`);

/** The connection's figures: ids, counts, bytes, update sizes (full vs delta) and round trips. */
export function StatsPanel() {
  const s = useBench();
  const connected = s.status === 'connected';
  return (
    <section className="card bench-stats">
      <h2>Connection</h2>
      <dl className="stats">
        <Stat label="Client id" value={s.clientId ?? '—'} testId="ws-client-id" />
        <Stat label="Namespace" value={s.namespace} testId="ws-namespace-stat" />
        <Stat label="Transport" value={connected ? (s.engine ?? '—') : '—'} testId="ws-transport" />
        <Stat label="Reconnects" value={formatInt(s.reconnects)} testId="ws-reconnects" />
        <Stat label="Messages in" value={formatInt(s.messagesIn)} testId="ws-messages-in" />
        <Stat label="Messages out" value={formatInt(s.messagesOut)} testId="ws-messages-out" />
        <Stat label="Bytes in" value={formatBytes(s.bytesIn)} />
        <Stat label="Bytes out" value={formatBytes(s.bytesOut)} />
        <Stat label="Full snapshots" value={tallyText(s.full)} testId="ws-full-stat" />
        <Stat label="Deltas" value={`${tallyText(s.delta)}${s.gaps ? ` · ${s.gaps} gaps` : ''}`} testId="ws-delta-stat" />
        <Stat label="Refresh round trip" value={s.rttMs === null ? '—' : `${s.rttMs} ms`} testId="ws-rtt" />
        <Stat label="Probe round trip" value={ms(s.probe.clientMs)} testId="ws-probe-rtt" />
        <Stat label="Heartbeat round trip (server)" value={s.probe.count === 0 ? '—' : ms(s.probe.heartbeatMs, 'no ping yet')} testId="ws-heartbeat-rtt" />
        <Stat label="Probes answered" value={formatInt(s.probe.count)} testId="ws-probe-count" />
      </dl>
    </section>
  );
}
