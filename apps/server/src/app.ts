import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { Broadcaster } from './broadcaster/broadcaster.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/config.js';
import { registerMetricsHandlers, socketChannel } from './gateway/handlers.js';
import type { MonitorServer } from './gateway/types.js';
import { errorHandler, sendError } from './http/errors.js';
import { HealthState, healthRoutes } from './http/health.js';
import { ingestRoutes } from './http/ingest-routes.js';
import { metricsRoutes } from './http/metrics-routes.js';
import { otlpRoutes } from './http/otlp-routes.js';
import { tasksRoutes } from './http/tasks-routes.js';
import { defaultDashboardDir, spaRoutes } from './http/spa.js';
import { SseStreams, sseRoutes } from './http/sse.js';
import { ServerMetrics } from './observability/prometheus.js';
import { cors, rateLimit, requireAccess } from './security/http-guard.js';
import { securityHeaders } from './security/headers.js';
import { allowRequest, installSocketGuards, limitEvents } from './security/socket-guard.js';
import { grants, requestToken } from './security/token.js';
import { statsRoutes } from './http/stats-routes.js';
import { createLogger, type Logger } from './logging/logger.js';
import { computeSnapshot } from './metrics/snapshot.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import { OtlpSource } from './sources/otlp/otlp-source.js';
import { createSources } from './sources/registry.js';
import type { Source } from './sources/source.js';
import { sourcesRoutes } from './sources/status-routes.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Config;
  /** Defaults to a SQLite store at `config.dbPath`. */
  store?: Store;
  clock?: Clock;
  logger?: Logger;
}

export interface App {
  readonly config: Config;
  readonly store: Store;
  readonly broadcaster: Broadcaster;
  readonly io: MonitorServer;
  readonly httpServer: http.Server;
  /** The sources configured (or chosen automatically). */
  readonly sources: readonly Source[];
  /** Names of the sources started so far (the snapshot's `sources` field is `ingest` plus these). */
  readonly liveSources: readonly string[];
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** `http://host:port` once listening. */
  readonly url: string;
  /** Stops accepting, closes every client connection, then the store. */
  close(): Promise<void>;
}

/** Builds the whole server from its dependencies, without listening. */
export function createApp({ config, clock = systemClock, ...deps }: AppDeps): App {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const health = new HealthState();
  const store = deps.store ?? openStore(config.dbPath, health, logger);

  const sources = createSources(config);
  const liveSources: string[] = [];
  const broadcaster: Broadcaster = new Broadcaster({
    compute: async (hours, now) => {
      const done = metrics.snapshotSeconds.startTimer();
      try {
        return await computeSnapshot({ store, sources: liveSources, staleTaskMinutes: config.staleTaskMinutes }, hours, now);
      } finally {
        done();
      }
    },
    version: () => store.version,
    now: () => clock.now(),
    logger,
  });
  const stopListening = store.onCommit(() => broadcaster.notifyChange());

  const streams = new SseStreams((bytes) => metrics.updateBytes.inc({ transport: 'sse' }, bytes));
  const metrics = new ServerMetrics({
    broadcaster,
    clientsByTransport: () => {
      const counts: Record<string, number> = { websocket: 0, polling: 0 };
      for (const socket of io.sockets.sockets.values()) {
        const name = socket.conn.transport.name;
        counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    },
    sseStreams: () => streams.size,
  });

  const tokens = { token: config.token, ingestToken: config.ingestToken };
  const read = requireAccess(tokens, 'read');
  const write = requireAccess(tokens, 'write');
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(cors(config.corsOrigins));
  app.use(rateLimit(config.httpRate));
  app.use(
    healthRoutes(
      health,
      () => ({ clients: io.engine.clientsCount, subscribers: broadcaster.subscriberCount, sse_streams: streams.size }),
      (req) => grants(tokens, requestToken(req.headers, req.query), 'read'),
    ),
  );
  app.use(['/api/metrics', '/api/stream', '/api/tasks', '/api/sources', '/api/stats', '/metrics'], read);
  app.use(['/api/events', '/v1'], write);
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(statsRoutes({ broadcaster, clients: () => io.engine.clientsCount, sseStreams: () => streams.size }));
  app.use(metricsRoutes(broadcaster));
  app.use(sseRoutes(broadcaster, streams, logger));
  app.use(ingestRoutes(store, clock, config.prices, (result, n) => metrics.ingestEvents.inc({ result }, n), health));
  app.use(tasksRoutes(store, clock, config.staleTaskMinutes));
  app.use(sourcesRoutes(sources, liveSources));
  const otlp = sources.find((s): s is OtlpSource => s instanceof OtlpSource);
  if (otlp) app.use(otlpRoutes({ store, clock, prices: config.prices, receiver: otlp, logger }));
  app.use('/api', (_req, res) => sendError(res, 404, 'no such endpoint'));
  app.use(spaRoutes(config.dashboardDir ?? defaultDashboardDir()));
  app.use(errorHandler(logger));

  const guard = { tokens, corsOrigins: config.corsOrigins, connectRate: config.connectRate, eventRate: config.eventRate, logger };
  const httpServer = http.createServer(app);
  const io: MonitorServer = new Server(httpServer, {
    serveClient: false,
    allowEIO3: false,
    maxHttpBufferSize: 16 * 1024,
    perMessageDeflate: false,
    httpCompression: false,
    cors: { origin: false },
    allowRequest: allowRequest(guard),
  });
  installSocketGuards(io, guard);
  const channel = socketChannel(io, (bytes) => metrics.updateBytes.inc({ transport: 'socket.io' }, bytes));
  io.on('connection', (socket) => {
    limitEvents(socket, guard);
    registerMetricsHandlers(socket, channel, { broadcaster, logger });
  });

  let url = '';
  return {
    config,
    store,
    broadcaster,
    io,
    httpServer,
    sources,
    liveSources,
    get url() {
      return url;
    },
    listen: () =>
      new Promise<number>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          const { port } = httpServer.address() as AddressInfo;
          url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
          const ctx = { config, store, clock, logger, ingest: store.ingest.bind(store) };
          const start = async (source: Source) => {
            try {
              await source.start(ctx);
              liveSources.push(source.name);
            } catch (err) {
              logger.error({ err, source: source.name }, `source ${source.name} failed to start`);
            }
          };
          Promise.all(sources.map(start)).then(() => {
            logger.info({ sources: ['ingest', ...liveSources] }, `live sources: ${['ingest', ...liveSources].join(', ')}`);
            health.ready = true;
            resolve(port);
          }, reject);
        });
      }),
    close: async () => {
      health.ready = false;
      stopListening();
      broadcaster.close();
      await Promise.allSettled(sources.map((source) => source.stop()));
      streams.closeAll();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
        httpServer.closeAllConnections();
      });
      await store.close();
    },
  };
}

/**
 * Opens the SQLite store. A file that cannot be opened (corrupt, unwritable, on a
 * full disk) does not stop the server: it logs why, reports `degraded` health, and
 * keeps serving from an in-memory store, so a supervisor does not crash-loop it.
 */
function openStore(dbPath: string, health: HealthState, logger: Logger): Store {
  try {
    return new SqliteStore({ path: dbPath });
  } catch (err) {
    const reason = `cannot open the database ${dbPath}: ${(err as Error).message}; running on an in-memory store, nothing will be kept`;
    logger.error({ err, db: dbPath }, reason);
    health.degrade('store', reason);
    return new SqliteStore({ path: ':memory:' });
  }
}
