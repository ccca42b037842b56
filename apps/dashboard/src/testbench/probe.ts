import { getSocket, countOut } from './socket';
import { logEntry, useBench } from './store';

/** Seconds between periodic probes. */
export const PROBE_EVERY_S = 5;
/** A probe not answered within this long is reported as lost. */
const PROBE_TIMEOUT_MS = 5_000;

let timer: ReturnType<typeof setInterval> | undefined;

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** `probe` with an acknowledgement: the round trip measured here, and the heartbeat round trip the server measured. */
export function probe(): void {
  const s = getSocket();
  if (!s?.connected) {
    logEntry('sys', 'not connected', 'probe not sent');
    return;
  }
  const sentAt = performance.now();
  countOut('probe');
  s.timeout(PROBE_TIMEOUT_MS).emit('probe', (err, answer) => {
    if (err) {
      logEntry('sys', 'probe', `no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
      return;
    }
    const clientMs = performance.now() - sentAt;
    useBench.setState((st) => ({ probe: { ...st.probe, count: st.probe.count + 1, clientMs, heartbeatMs: answer.heartbeat_rtt_ms } }));
    logEntry('in', 'probe ack', `round trip ${ms(clientMs)} · heartbeat ${answer.heartbeat_rtt_ms === null ? 'none yet' : ms(answer.heartbeat_rtt_ms)} · server time ${answer.timestamp.toFixed(3)}`);
  });
}

/** Probes every PROBE_EVERY_S seconds while connected (and at once), or stops. */
export function setPeriodicProbe(on: boolean): void {
  clearInterval(timer);
  timer = undefined;
  useBench.setState((st) => ({ probe: { ...st.probe, periodic: on } }));
  if (!on) return;
  if (getSocket()?.connected) probe();
  timer = setInterval(() => {
    if (getSocket()?.connected) probe();
  }, PROBE_EVERY_S * 1000);
}
