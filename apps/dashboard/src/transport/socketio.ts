import type { ClientToServerEvents, MetricsSnapshot, ServerToClientEvents } from '@amiga/protocol';
import { io, type Socket } from 'socket.io-client';
import { backoffDelay } from '../lib/backoff';
import { FrameSizes } from '../lib/frame-event';
import { loadToken } from '../lib/token';
import type { MetricsTransport, Subscription, TransportSink } from './transport';
import { onceImport } from '../lib/retry-import';

type MonitorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The delta code, loaded after the first snapshot: it brings the protocol's schemas along, which the first paint does without. */
const loadDelta = onceImport(() => import('../lib/delta'));

/** Failed attempts after which the status reads `offline` (retries go on). */
const OFFLINE_AFTER_ATTEMPTS = 4;

/** Whether a `connect_error` is the server's token check refusing us. */
export const isUnauthorized = (err: Error): boolean => err.message.startsWith('unauthorized');

/** The handshake `auth` payload, read at every (re)connect so a newly entered token is used. */
export const tokenAuth = (cb: (data: object) => void): void => {
  const token = loadToken();
  cb(token ? { token } : {});
};

/**
 * Socket.IO over WebSocket, falling back to long-polling; reconnects forever with backoff.
 * Subscribes with deltas: the first update is a full snapshot with a `seq`, later ones
 * are `metrics_delta`s applied to the snapshot held; a delta that does not build on it
 * (a gap) is answered with `request_refresh`, which brings a full snapshot again.
 */
export function socketIoTransport(sink: TransportSink, current: () => Subscription): MetricsTransport {
  let socket: MonitorSocket | null = null;
  let everConnected = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let serverKicks = 0;
  /** The snapshot deltas build on (the last one received or built). */
  let held: MetricsSnapshot | null = null;
  /** A full snapshot was asked for after a gap and has not come yet. */
  let refreshing = false;
  const sizes = new FrameSizes(['metrics_update', 'metrics_delta']);
  /** Updates are handled one after the other (a delta may wait for its code to load); a new connection starts a new generation. */
  let chain: Promise<void> = Promise.resolve();
  let generation = 0;
  const inOrder = (task: () => void | Promise<void>) => {
    const mine = generation;
    chain = chain
      .then(() => (mine === generation && !closed ? task() : undefined))
      .catch((err: unknown) => sink.serverError(err instanceof Error ? err.message : String(err)));
  };

  const subscribe = () => {
    const { hours, interval, agent, machine } = current();
    socket?.emit('subscribe', { hours, update_interval: interval, delta: true, ...(agent ? { agent } : {}), ...(machine ? { machine } : {}) });
  };

  const onConnect = () => {
    sink.status('live');
    if (everConnected) sink.reconnected();
    everConnected = true;
    serverKicks = 0;
    generation++;
    held = null;
    refreshing = false;
    sizes.clear();
    subscribe();
  };

  const onDisconnect = (reason: string) => {
    if (closed) return;
    generation++;
    held = null;
    sink.clientId(null);
    sink.status('reconnecting');
    // The manager does not retry after the server dropped us on purpose: retry ourselves.
    if (reason === 'io server disconnect') {
      retryTimer = setTimeout(() => socket?.connect(), backoffDelay(serverKicks++));
    }
  };

  return {
    kind: 'websocket',
    open() {
      closed = false;
      sink.status('connecting');
      const s: MonitorSocket = io({
        transports: ['websocket', 'polling'],
        reconnection: true,
        reconnectionAttempts: Infinity,
        reconnectionDelay: 500,
        reconnectionDelayMax: 5000,
        randomizationFactor: 0.5,
        timeout: 5000,
        auth: tokenAuth,
      });
      socket = s;
      s.io.on('open', () => {
        s.io.engine.on('data', (data: unknown) => sizes.record(data));
      });
      s.io.on('reconnect_attempt', (attempt) => {
        if (!closed) sink.status(attempt >= OFFLINE_AFTER_ATTEMPTS ? 'offline' : 'reconnecting');
      });
      s.on('connect', onConnect);
      s.on('disconnect', onDisconnect);
      s.on('connect_error', (err) => {
        if (closed) return;
        // Refused by the token check: the client does not retry such an error; wait for a token.
        if (isUnauthorized(err)) {
          clearTimeout(retryTimer);
          sink.clientId(null);
          sink.authRequired();
          return;
        }
        if (!everConnected) sink.status('connecting');
      });
      s.on('connected', ({ client_id }) => {
        sink.message();
        sink.clientId(client_id);
      });
      s.on('subscribed', () => sink.message());
      s.on('unsubscribed', () => sink.message());
      s.on('interval_updated', () => sink.message());
      s.on('error', ({ error }) => {
        sink.message();
        sink.serverError(error);
      });
      s.on('metrics_update', (snapshot) => {
        const bytes = sizes.take('metrics_update');
        inOrder(() => {
          held = snapshot;
          refreshing = false;
          sink.snapshot(snapshot, bytes, 'full');
        });
        void loadDelta();
      });
      s.on('metrics_delta', (delta) => {
        const bytes = sizes.take('metrics_delta');
        inOrder(async () => {
          const { receiveDelta } = await loadDelta();
          const outcome = receiveDelta(held, delta);
          if (outcome.kind === 'applied') {
            held = outcome.snapshot;
            sink.snapshot(outcome.snapshot, bytes, 'delta');
            return;
          }
          // Built on a version we do not hold: ask once for a full snapshot (later deltas are dropped until it comes).
          sink.gap();
          if (refreshing) return;
          refreshing = true;
          s.emit('request_refresh', { hours: current().hours });
        });
      });
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.off('connect', onConnect);
      socket?.off('disconnect', onDisconnect);
      socket?.disconnect();
      socket = null;
    },
    resubscribe() {
      if (socket?.connected) subscribe();
    },
    refresh() {
      if (socket?.connected) socket.emit('request_refresh', { hours: current().hours });
    },
  };
}
