import type { MetricsSnapshot } from '@amiga/protocol';
import { API_PATHS, apiUrl, SSE_SNAPSHOT_EVENT } from '@amiga/protocol';
import { apiFetch, authRefused } from '../lib/api';
import { backoffDelay } from '../lib/backoff';
import { loadToken } from '../lib/token';
import type { MetricsTransport, Subscription, TransportSink } from './transport';

/** Failed attempts after which the status reads `offline` (retries go on). */
const OFFLINE_AFTER_ATTEMPTS = 4;

/** The stream address; the token goes in the query since EventSource cannot send headers. */
export const streamUrl = ({ hours, interval, agent, machine }: Subscription, token: string | null = null): string =>
  apiUrl(API_PATHS.metricsStream, { hours, interval, agent: agent || null, machine: machine || null, token: token || null });

/**
 * Server-Sent Events from `GET /api/stream/metrics`. The browser's own retry is not
 * used: on any error the stream is closed and reopened with backoff and the current
 * window, so a changed window or a restarted server is always picked up. An error
 * says nothing about why, so a REST probe tells a refused token (401: wait for a
 * new one, no retries) from a lost server (retry).
 */
export function sseTransport(sink: TransportSink, current: () => Subscription): MetricsTransport {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let everOpened = false;
  let lost = false;
  let closed = true;

  const onMessage = (event: MessageEvent<string>) => {
    try {
      sink.snapshot(JSON.parse(event.data) as MetricsSnapshot, event.data.length, 'full');
    } catch {
      sink.serverError('received a malformed snapshot');
    }
  };

  const connect = () => {
    clearTimeout(timer);
    source?.close();
    const es = new EventSource(streamUrl(current(), loadToken()));
    source = es;
    es.addEventListener(SSE_SNAPSHOT_EVENT, onMessage as EventListener);
    es.onopen = () => {
      if (source !== es) return;
      attempt = 0;
      if (lost) sink.reconnected();
      lost = false;
      everOpened = true;
      sink.status('live');
    };
    es.onerror = () => {
      if (source !== es || closed) return;
      es.close();
      if (everOpened) lost = true;
      void authRefused().then((refused) => {
        if (source !== es || closed) return;
        if (refused) return sink.authRequired();
        sink.status(!everOpened && attempt === 0 ? 'connecting' : attempt >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting');
        timer = setTimeout(connect, backoffDelay(attempt++));
      });
    };
  };

  return {
    kind: 'sse',
    open() {
      closed = false;
      sink.status('connecting');
      sink.clientId(null);
      connect();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
      source = null;
    },
    resubscribe() {
      if (closed) return;
      attempt = 0;
      connect();
    },
    refresh() {
      const { hours, agent, machine } = current();
      apiFetch(apiUrl(API_PATHS.metricsSnapshot, { hours, agent: agent || null, machine: machine || null }))
        .then(async (res) => {
          if (res.status === 401) return sink.authRequired();
          if (!res.ok) throw new Error(`refresh failed: HTTP ${res.status}`);
          const text = await res.text();
          if (!closed) sink.snapshot(JSON.parse(text) as MetricsSnapshot, text.length, 'full');
        })
        .catch((err: unknown) => sink.serverError(err instanceof Error ? err.message : String(err)));
    },
  };
}
