import { HOURS_MAX, HOURS_MIN, INTERVAL_MAX, INTERVAL_MIN } from '@amiga/protocol';
import { useState } from 'react';
import * as bench from '../../testbench/client';
import { NAMESPACES, useBench, type BenchNamespace } from '../../testbench/store';
import * as sub from '../../testbench/subscription';

/** Connection (namespace, connect / disconnect) and the v1 subscription events, with deltas as an option. */
export function ControlsPanel({
  hours,
  interval,
  onHours,
  onInterval,
}: {
  hours: number;
  interval: number;
  onHours: (hours: number) => void;
  onInterval: (interval: number) => void;
}) {
  const status = useBench((s) => s.status);
  const namespace = useBench((s) => s.namespace);
  const [delta, setDelta] = useState(false);
  const connected = status === 'connected';
  return (
    <section className="card bench-controls">
      <h2>Controls</h2>
      <div className="button-row">
        <label className="inline-field">
          <span>Namespace</span>
          <select
            data-testid="ws-namespace"
            value={namespace}
            disabled={status !== 'disconnected'}
            title={status !== 'disconnected' ? 'Disconnect to change the namespace' : undefined}
            onChange={(e) => bench.setNamespace(e.target.value as BenchNamespace)}
          >
            {NAMESPACES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" data-testid="ws-connect" onClick={bench.connect} disabled={status !== 'disconnected'}>
          Connect
        </button>
        <button type="button" className="btn" data-testid="ws-disconnect" onClick={bench.disconnect} disabled={status === 'disconnected'}>
          Disconnect
        </button>
      </div>
      <div className="field-row">
        <label>
          <span>Hours</span>
          <input data-testid="ws-hours" type="number" min={HOURS_MIN} max={HOURS_MAX} value={hours} onChange={(e) => onHours(Number(e.target.value))} />
        </label>
        <label>
          <span>Interval (s)</span>
          <input data-testid="ws-interval" type="number" min={INTERVAL_MIN} max={INTERVAL_MAX} value={interval} onChange={(e) => onInterval(Number(e.target.value))} />
        </label>
        <label className="check">
          <input data-testid="ws-delta" type="checkbox" checked={delta} onChange={(e) => setDelta(e.target.checked)} />
          <span>Deltas (subscribe with delta: true)</span>
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="btn" data-testid="ws-subscribe" disabled={!connected} onClick={() => sub.subscribe(hours, interval, delta)}>
          Subscribe
        </button>
        <button type="button" className="btn" data-testid="ws-unsubscribe" disabled={!connected} onClick={sub.unsubscribe}>
          Unsubscribe
        </button>
        <button type="button" className="btn" data-testid="ws-refresh" disabled={!connected} onClick={() => sub.requestRefresh(hours)}>
          Request refresh
        </button>
        <button type="button" className="btn" data-testid="ws-set-interval" disabled={!connected} onClick={() => sub.setInterval(interval)}>
          Set interval
        </button>
      </div>
    </section>
  );
}
