import { alertsStatus, alertTestResult, API_PATHS, type AlertDeliveryInfo, type AlertsStatus } from '@amiga/protocol';
import { apiFetch } from '../lib/api';
import { startPoll, type Poll } from '../lib/poll';
import { onTokenChange } from '../lib/token';
import { useAlerts } from '../state/alerts';
import { useMonitor } from '../state/store';

/** How often the alerts are read while a component shows them. */
export const ALERTS_POLL_MS = 5000;
/** A live metrics update asks for them again, at most this often. */
export const ALERTS_MIN_GAP_MS = 2000;

const set = useAlerts.setState;

/** The message of a JSON error answer (`{error}`), else `HTTP <status>`. */
async function errorOf(res: Response): Promise<string> {
  if (res.status === 401) return 'the server refused the access token';
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
}

/** `GET /api/alerts`, with the stored token; an answer that is not the wire's shape is an error. */
export async function fetchAlerts(): Promise<AlertsStatus> {
  const res = await apiFetch(API_PATHS.alerts, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(await errorOf(res));
  const parsed = alertsStatus.safeParse(await res.json());
  if (!parsed.success) throw new Error('the server sent alerts in a shape this dashboard does not know');
  return parsed.data;
}

/** `POST /api/alerts/test {channel}`: the test delivery once tried; throws with the server's reason. */
export async function sendTestAlert(channel: string): Promise<AlertDeliveryInfo> {
  const res = await apiFetch(API_PATHS.alertsTest, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ channel }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(await errorOf(res));
  const parsed = alertTestResult.safeParse(await res.json());
  if (!parsed.success) throw new Error('the server answered the test in a shape this dashboard does not know');
  // The delivery table shows the test at once.
  poll?.poke();
  return parsed.data.delivery;
}

async function refresh(): Promise<void> {
  try {
    const data = await fetchAlerts();
    set({ status: 'ready', data, error: null, fetchedAt: Date.now() });
  } catch (err) {
    set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
  }
}

let poll: Poll | null = null;
let holders = 0;
let unsubscribe: (() => void) | null = null;

/** Keeps the alerts polled while held (every ALERTS_POLL_MS, and after live updates and token changes); returns the release function. */
export function retainAlerts(): () => void {
  holders++;
  if (!poll) {
    const p = startPoll({ run: refresh, everyMs: ALERTS_POLL_MS, minGapMs: ALERTS_MIN_GAP_MS });
    poll = p;
    const offSnapshot = useMonitor.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot && s.snapshot !== null) p.poke();
    });
    const offToken = onTokenChange(() => p.poke());
    unsubscribe = () => {
      offSnapshot();
      offToken();
    };
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders > 0) return;
    poll?.stop();
    poll = null;
    unsubscribe?.();
    unsubscribe = null;
  };
}
