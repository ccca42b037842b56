import type http from 'node:http';
import { Server } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { clientAddress } from '../security/client-address.js';
import { allowRequest } from '../security/socket-guard.js';
import { limitEvents, requireReadToken } from './guards.js';
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

/** With MONITORING_WS_COMPRESSION, messages at least this large are deflated (snapshots are, acks and pings are not). */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Namespaces offering the metrics events: the default one of the v1 contract and `/metrics`. */
export const METRICS_NAMESPACES = ['/', '/metrics'] as const;
/** The v1 contract's Socket.IO path (JSON packets). */
export const SOCKET_PATH = '/socket.io';
/** The opt-in MessagePack path: the same events, binary frames (both ends must use socket.io-msgpack-parser). */
export const MSGPACK_SOCKET_PATH = '/socket.io-msgpack';

/**
 * The Socket.IO side: payloads sized to the real messages, no served client, no
 * EIO3, per-message deflate only with MONITORING_WS_COMPRESSION (it costs a deflate
 * per client on the broadcast path: see BENCHMARKS.md); origin, connection-rate and token checks before a client gets in; a rate
 * limit on what it sends; the v1 contract's handlers once it is in, on `/` and on `/metrics`,
 * at the v1 path with JSON packets and at MSGPACK_SOCKET_PATH with MessagePack.
 */
export function createSocketServer(
  httpServer: http.Server,
  { config, store, broadcaster, logger, onDelivered, heartbeat }: SocketServerDeps,
): { io: MonitorServer; msgpack: MonitorServer; namespaces: MonitorNamespace[] } {
  const tokens = { token: config.token, ingestToken: config.ingestToken, adminToken: config.adminToken };
  const attach = (path: string, parser?: unknown) => {
    const io: MonitorServer = new Server(httpServer, {
      path,
      ...(parser ? { parser } : {}),
      serveClient: false,
      allowEIO3: false,
      maxHttpBufferSize: 16 * 1024,
      // Off unless asked for: a deflate per client per update (the encode itself is shared).
      perMessageDeflate: config.wsCompression ? { threshold: COMPRESSION_THRESHOLD_BYTES } : false,
      httpCompression: false,
      cors: { origin: false },
      allowRequest: allowRequest(config),
      pingInterval: config.pingIntervalMs,
      pingTimeout: config.pingTimeoutMs,
      // Two engines share the HTTP server: neither may destroy the other's WebSocket upgrades.
      destroyUpgrade: false,
    });
    return METRICS_NAMESPACES.map((name) => {
      const nsp: MonitorNamespace = io.of(name);
      requireReadToken(nsp, tokens);
      const channel = socketChannel(nsp, onDelivered);
      nsp.on('connection', (socket) => {
        limitEvents(socket, config.eventRate, logger);
        if (heartbeat) watchHeartbeat(socket, heartbeat);
        registerMetricsHandlers(socket, channel, { broadcaster, logger, node: config.nodeId });
        socket.data.address = clientAddress(socket.request, config.trustProxy);
        registerHistoryHandler(socket, store, logger);
      });
      return { io, nsp };
    });
  };
  const json = attach(SOCKET_PATH);
  const binary = attach(MSGPACK_SOCKET_PATH, msgpackParser);
  const io = (json[0] as { io: MonitorServer }).io;
  const msgpack = (binary[0] as { io: MonitorServer }).io;
  const namespaces = [...json, ...binary].map((x) => x.nsp);
  return { io, msgpack, namespaces };
}
