import { probe, PROBE_EVERY_S, setPeriodicProbe } from '../../testbench/probe';
import { useBench } from '../../testbench/store';

/** `probe` by hand or periodically; the round trips show in the connection panel. */
export function ProbePanel() {
  const connected = useBench((s) => s.status === 'connected');
  const periodic = useBench((s) => s.probe.periodic);
  return (
    <section className="card">
      <h2>Probe</h2>
      <p className="muted small bench-hint">
        An acknowledged event: the answer carries the server&apos;s time and the round trip of its last heartbeat ping to this client.
      </p>
      <div className="button-row">
        <button type="button" className="btn" data-testid="ws-probe" disabled={!connected} onClick={probe}>
          Probe
        </button>
        <label className="check">
          <input data-testid="ws-probe-periodic" type="checkbox" checked={periodic} onChange={(e) => setPeriodicProbe(e.target.checked)} />
          <span>every {PROBE_EVERY_S} s</span>
        </label>
      </div>
    </section>
  );
}
