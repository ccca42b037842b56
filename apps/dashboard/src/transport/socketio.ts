import type { ClientToServerEvents, ServerToClientEvents } from '@amiga/protocol';
import { io, type Socket } from 'socket.io-client';
import { backoffDelay } from '../lib/backoff';
import { loadToken } from '../lib/token';
import type { MetricsTransport, Subscription, TransportSink } from './transport';

type MonitorSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Failed attempts after which the status reads `offline` (retries go on). */
const OFFLINE_AFTER_ATTEMPTS = 4;

/** Whether a `connect_error` is the server's token check refusing us. */
export const isUnauthorized = (err: Error): boolean => err.message.startsWith('unauthorized');

/** The handshake `auth` payload, read at every (re)connect so a newly entered token is used. */
export const tokenAuth = (cb: (data: object) => void): void => {
  const token = loadToken();
  cb(token ? { token } : {});
};

/** Byte length of an engine.io data frame. */
export const frameLength = (data: unknown): number =>
  typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;

/** Socket.IO over WebSocket, falling back to long-polling; reconnects forever with backoff. */
export function socketIoTransport(sink: TransportSink, current: () => Subscription): MetricsTransport {
  let socket: MonitorSocket | null = null;
  let everConnected = false;
  let closed = false;
  let pendingBytes = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let serverKicks = 0;

  const subscribe = () => {
    const { hours, interval } = current();
    socket?.emit('subscribe', { hours, update_interval: interval });
  };

  const onConnect = () => {
    sink.status('live');
    if (everConnected) sink.reconnected();
    everConnected = true;
    serverKicks = 0;
    subscribe();
  };

  const onDisconnect = (reason: string) => {
    if (closed) return;
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
        s.io.engine.on('data', (data: unknown) => {
          pendingBytes += frameLength(data);
        });
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
        sink.snapshot(snapshot, pendingBytes);
        pendingBytes = 0;
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
