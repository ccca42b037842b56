import type http from 'node:http';
import { Server } from 'socket.io';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { allowRequest, installSocketGuards, limitEvents } from '../security/socket-guard.js';
import { registerMetricsHandlers, socketChannel } from './handlers.js';
import { watchHeartbeat, type HeartbeatObserver } from './heartbeat.js';
import { registerHistoryHandler } from './history.js';
import type { Store } from '../store/store.js';
import type { MonitorNamespace, MonitorServer } from './types.js';

export interface SocketServerDeps {
  config: Config;
  store: Store;
  broadcaster: Broadcaster;
  logger: Logger;
  /** Bytes of metrics updates handed to Socket.IO (for /metrics). */
  onDelivered?: (bytes: number) => void;
  heartbeat?: HeartbeatObserver;
}

/** Namespaces offering the metrics events: the seed's default one and `/metrics`. */
export const METRICS_NAMESPACES = ['/', '/metrics'] as const;

/**
 * The Socket.IO side: payloads sized to the real messages, no served client, no
 * EIO3, no per-message deflate (it costs several times the CPU on the broadcast
 * path); origin, connection-rate and token checks before a client gets in; a rate
 * limit on what it sends; the seed's handlers once it is in, on `/` and on `/metrics`.
 */
export function createSocketServer(
  httpServer: http.Server,
  { config, store, broadcaster, logger, onDelivered, heartbeat }: SocketServerDeps,
): { io: MonitorServer; namespaces: MonitorNamespace[] } {
  const guard = {
    tokens: { token: config.token, ingestToken: config.ingestToken },
    corsOrigins: config.corsOrigins,
    connectRate: config.connectRate,
    eventRate: config.eventRate,
    logger,
  };
  const io: MonitorServer = new Server(httpServer, {
    serveClient: false,
    allowEIO3: false,
    maxHttpBufferSize: 16 * 1024,
    perMessageDeflate: false,
    httpCompression: false,
    cors: { origin: false },
    allowRequest: allowRequest(guard),
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
  });
  const namespaces = METRICS_NAMESPACES.map((name) => {
    const nsp: MonitorNamespace = io.of(name);
    installSocketGuards(nsp, guard);
    const channel = socketChannel(nsp, onDelivered);
    nsp.on('connection', (socket) => {
      limitEvents(socket, guard);
      if (heartbeat) watchHeartbeat(socket, heartbeat);
      registerMetricsHandlers(socket, channel, { broadcaster, logger });
      registerHistoryHandler(socket, store, logger);
    });
    return nsp;
  });
  return { io, namespaces };
}
