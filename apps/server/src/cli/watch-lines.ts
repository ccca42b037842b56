import { connectedPayload, errorPayload, metricsSnapshot, subscribedPayload, type SubscriptionConfig } from '@amiga/protocol';

/** What a watcher reports: each call prints one line. */
export type Say = (line: string) => void;

const issue = (err: { issues: Array<{ path: PropertyKey[]; message: string }> }) => {
  const first = err.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
};

export function connectedLine(payload: unknown, transport: string): string {
  const p = connectedPayload.safeParse(payload);
  return p.success ? `connected client_id=${p.data.client_id} transport=${transport}` : `invalid connected payload: ${issue(p.error)}`;
}

export function configText(c: SubscriptionConfig): string {
  const extra = [c.delta ? ' delta=true' : '', c.agent ? ` agent=${c.agent}` : '', c.machine ? ` machine=${c.machine}` : ''].join('');
  return `hours=${c.hours} update_interval=${c.update_interval}${extra}`;
}

/** The `subscribed` line, or null with the reason when the payload is not the protocol's. */
export function subscribedLine(payload: unknown): { ok: boolean; line: string } {
  const p = subscribedPayload.safeParse(payload);
  return p.success ? { ok: true, line: `subscribed ${configText(p.data.config)}` } : { ok: false, line: `invalid subscribed payload: ${issue(p.error)}` };
}

/** One `metrics_update`: its totals (cost, requests, tasks) and its size in bytes (as JSON on the wire). */
export function updateLine(payload: unknown, bytes: number): string {
  const p = metricsSnapshot.safeParse(payload);
  if (!p.success) return `invalid metrics_update (${bytes} bytes): ${issue(p.error)}`;
  const { costs, claude_api: api, tasks } = p.data.overview;
  return (
    `metrics_update cost=$${costs.total_cost.toFixed(4)} requests=${api.total_requests} ` +
    `tasks=${tasks.total} (running ${tasks.running}, completed ${tasks.completed}, failed ${tasks.failed}) bytes=${bytes}`
  );
}

export function errorLine(payload: unknown): string {
  const p = errorPayload.safeParse(payload);
  return p.success ? `error ${p.data.error}` : `error ${JSON.stringify(payload)}`;
}

export const byteLength = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload) ?? '');
