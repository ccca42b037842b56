import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { limitsProvider } from './alerts/limits-provider.js';
import { liveSessionsProvider } from './alerts/live-provider.js';
import { AlertService } from './alerts/service.js';
import { Broadcaster } from './broadcaster/broadcaster.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config/config.js';
import { publishLiveEvents } from './gateway/live-events.js';
import { attachClusterAdapter } from './cluster/adapter.js';
import { connectRedis } from './cluster/redis.js';
import { fetchClusterClients } from './gateway/cluster-clients.js';
import { clientsByTransport } from './gateway/connections.js';
import { createSocketServer } from './gateway/socket-server.js';
import type { MonitorServer } from './gateway/types.js';
import { HealthState } from './http/health.js';
import { IngestService } from './ingest/ingest-service.js';
import { LiveSessions } from './live/live-sessions.js';
import { createHttpApp } from './http/http-app.js';
import type { Route } from './http/route.js';
import { SseStreams } from './http/sse.js';
import { createLogger, type Logger } from './logging/logger.js';
import { codexLimitObservations } from './limits/codex.js';
import { LimitsService } from './limits/limits-service.js';
import { CodexSource } from './sources/codex/codex-source.js';
import { UsageTracker } from './limits/usage-tracker.js';
import { computeSnapshot } from './metrics/snapshot.js';
import { ServerMetrics } from './observability/prometheus.js';
import { projectsDirs } from './sources/claude/dirs.js';
import type { OtlpGrpcServer } from './sources/otlp/grpc/otlp-grpc-server.js';
import { startOtlpGrpc } from './sources/otlp/grpc-receiver.js';
import { OtlpSource } from './sources/otlp/otlp-source.js';
import { createSources } from './sources/registry.js';
import type { Source } from './sources/source.js';
import { ReopeningStore } from './store/reopening-store.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

export interface AppDeps {
  config: Config;
  /** Defaults to a SQLite store at `config.dbPath`. */
  store?: Store;
  /** While the default store's file cannot be opened, milliseconds between attempts to open it. Default 5000. */
  storeRetryMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface App {
  readonly config: Config;
  readonly store: Store;
  /** The write pipeline: every write (HTTP routes and sources) goes through it. */
  readonly ingest: IngestService;
  /** Plan limits: where the status line and the sources report limit windows. */
  readonly limits: LimitsService;
  readonly broadcaster: Broadcaster;
  readonly io: MonitorServer;
  readonly httpServer: http.Server;
  /** Live session state: the stale sweep, and listeners of every change committed on this node (`onChange`). */
  readonly live: LiveSessions;
  /** The sources configured (or chosen automatically). */
  readonly sources: readonly Source[];
  /** Names of the sources started so far (the snapshot's `sources` field is `ingest` plus these). */
  readonly liveSources: readonly string[];
  /** The express app serving HTTP (Socket.IO's engines take their own paths first). */
  readonly httpApp: Express;
  /** The HTTP route table as mounted: every path the server answers, with who may call it. */
  readonly routes: readonly Route[];
  /** Alerts (MONITORING_ALERTS), when configured: features that feed conditions register with `alerts.provide`. */
  readonly alerts: AlertService | undefined;
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
  const store = deps.store ?? openStore(config.dbPath, config.machine, logger, deps.storeRetryMs);

  const sources = createSources(config, store);
  if (sources.some((source) => source.name === 'claude')) {
    const dirs = projectsDirs(config);
    health.addCheck('source:claude', () =>
      dirs.some((dir) => fs.existsSync(dir)) ? null : `no transcript folder exists (looked in ${dirs.join(', ')}); waiting for one to appear`,
    );
  }
  health.addCheck('store', () => store.status?.() ?? null);
  const liveSources: string[] = [];
  const usage = new UsageTracker({ store, clock, logger, ...(config.plan ? { plan: config.plan } : {}) });
  const limits = new LimitsService({ store, clock, logger, machine: config.machine });
  // Codex writes its plan's rate limits into its rollouts: the newest reading is a limit report.
  for (const source of sources) {
    if (source instanceof CodexSource) {
      source.onRateLimits((record) => {
        limits.report(codexLimitObservations(record)).catch((err: unknown) => logger.warn({ err }, 'codex rate limits not recorded'));
      });
    }
  }
  const broadcaster: Broadcaster = new Broadcaster({
    compute: async (hours, now, scope) => {
      const done = metrics.snapshotSeconds.startTimer();
      try {
        return await computeSnapshot({ store, sources: liveSources, staleTaskMinutes: config.staleTaskMinutes, limits: usage }, hours, now, scope);
      } finally {
        done();
      }
    },
    version: () => store.version,
    now: () => clock.now(),
    chunkSize: config.broadcastChunk,
    logger,
  });
  const stopListening = store.onCommit((events, origin, changes) => {
    usage.onCommit(events, origin);
    broadcaster.notifyChange();
    // Another node's commit: that node publishes its events to the rooms (through the cluster adapter).
    if (origin !== 'local') return;
    publishLiveEvents(namespaces, events, redis !== undefined, changes);
    if (changes.length > 0) live.publish(changes);
  });

  const streams = new SseStreams((bytes) => metrics.updateBytes.inc({ transport: 'sse' }, bytes));
  const metrics = new ServerMetrics({
    broadcaster,
    clientsByTransport: () => clientsByTransport(namespaces),
    sseStreams: () => streams.size,
  });

  const ingest = new IngestService({
    store,
    clock,
    prices: config.prices,
    machine: config.machine,
    logger,
    health,
    count: (via, result, n) => metrics.ingestEvents.inc({ via, result }, n),
  });

  const live = new LiveSessions({
    write: (events, options) => ingest.write('hooks', events, options),
    clock,
    logger,
    staleMinutes: config.staleSessionMinutes,
  });
  let url = '';
  const alerts = createAlerts(config, store, health, clock, logger, () => config.publicUrl ?? (url === '' ? null : url));
  const waiting = liveSessionsProvider(store, clock);
  if (alerts && waiting) alerts.provide({ live: waiting });
  alerts?.provide({ limits: limitsProvider(usage, clock) });

  const { app, routes } = createHttpApp({
    alerts,
    config,
    store,
    ingest,
    limits,
    clock,
    logger,
    health,
    broadcaster,
    streams,
    metrics,
    sources,
    liveSources,
    clients: () => io.engine.clientsCount + msgpack.engine.clientsCount,
    clusterClients: { node: config.nodeId, fetch: (timeoutMs) => fetchClusterClients(namespaces, timeoutMs) },
  });
  const httpServer = http.createServer(app);
  const { io, msgpack, namespaces } = createSocketServer(httpServer, {
    config,
    store,
    broadcaster,
    logger,
    onDelivered: (bytes) => metrics.updateBytes.inc({ transport: 'socket.io' }, bytes),
    heartbeat: { roundTrip: (seconds) => metrics.roundTripSeconds.observe(seconds), dropped: () => metrics.heartbeatDrops.inc() },
  });

  const redis = config.redisUrl === undefined ? undefined : connectRedis(config.redisUrl, logger);
  if (redis) {
    attachClusterAdapter(io, redis, 'socket.io');
    attachClusterAdapter(msgpack, redis, 'socket.io-msgpack');
    health.addCheck('redis', () =>
      redis.isReady ? null : 'Redis is unreachable: this node serves its own clients, room events from other nodes do not reach them; reconnecting',
    );
  }

  let grpc: OtlpGrpcServer | undefined;
  return {
    config,
    store,
    ingest,
    limits,
    broadcaster,
    live,
    io,
    httpServer,
    sources,
    liveSources,
    httpApp: app,
    routes,
    alerts,
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
          const start = async (source: Source) => {
            const ctx = { config, store, clock, logger, ingest: ingest.write.bind(ingest, source.name) };
            try {
              await source.start(ctx);
              liveSources.push(source.name);
            } catch (err) {
              logger.error({ err, source: source.name }, `source ${source.name} failed to start`);
            }
          };
          const otlp = sources.find((s): s is OtlpSource => s instanceof OtlpSource);
          const grpcStarted = otlp ? startOtlpGrpc({ config, ingest, receiver: otlp, clock, logger, health }) : Promise.resolve(undefined);
          Promise.all([grpcStarted.then((server) => (grpc = server)), ...sources.map(start)]).then(() => {
            logger.info({ sources: ['ingest', ...liveSources] }, `live sources: ${['ingest', ...liveSources].join(', ')}`);
            health.ready = true;
            live.start();
            alerts?.start();
            resolve(port);
          }, reject);
        });
      }),
    close: async () => {
      health.ready = false;
      stopListening();
      live.stop();
      broadcaster.close();
      await Promise.allSettled([...sources.map((source) => source.stop()), grpc?.stop(), alerts?.close()]);
      streams.closeAll();
      const closed = [io, msgpack].map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      httpServer.closeAllConnections();
      await Promise.all(closed);
      if (redis?.isOpen) await redis.close().catch(() => redis.destroy());
      await store.close();
    },
  };
}

/** The alert service of a configuration with a MONITORING_ALERTS file (none without one, or on a store that keeps no alerts). */
function createAlerts(config: Config, store: Store, health: HealthState, clock: Clock, logger: Logger, publicUrl: () => string | null): AlertService | undefined {
  if (config.alerts === undefined || config.alertsPath === undefined) return undefined;
  if (!store.alerts) {
    health.degrade('alerts', 'this store keeps no alerts: the rules of MONITORING_ALERTS are not evaluated');
    return undefined;
  }
  return new AlertService({
    file: { path: config.alertsPath, rules: config.alerts },
    store,
    health,
    clock,
    logger,
    retry: config.alertRetry,
    tickMs: config.alertTickMs,
    staleTaskMinutes: config.staleTaskMinutes,
    publicUrl,
    nodeId: config.nodeId,
    leaseSeconds: config.leaseSeconds,
  });
}

/**
 * The SQLite store at `dbPath`. `:memory:` is an explicit in-memory store (it acknowledges
 * writes, as documented, and keeps nothing). A file that cannot be opened (corrupt, a
 * folder, on a path that cannot exist) does not stop the server, and is never replaced
 * or written: health says why, writes answer 503 with `Retry-After`, reads show an
 * empty store, and the file is tried again every `retryMs`, so putting a good file in
 * its place recovers without a restart.
 */
function openStore(dbPath: string, machine: string, logger: Logger, retryMs?: number): Store {
  if (dbPath === ':memory:') return new SqliteStore({ path: ':memory:', machine });
  return new ReopeningStore({
    open: () => new SqliteStore({ path: dbPath, machine }),
    what: `the database ${dbPath}`,
    logger,
    ...(retryMs === undefined ? {} : { retryMs }),
  });
}
