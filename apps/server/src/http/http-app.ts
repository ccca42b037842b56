import express, { type Express } from 'express';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Logger } from '../logging/logger.js';
import type { ServerMetrics } from '../observability/prometheus.js';
import { cors, rateLimit, requireAccess } from '../security/http-guard.js';
import { securityHeaders } from '../security/headers.js';
import { grants, requestToken } from '../security/token.js';
import { OtlpSource } from '../sources/otlp/otlp-source.js';
import type { Source } from '../sources/source.js';
import { sourcesRoutes } from '../sources/status-routes.js';
import type { Store } from '../store/store.js';
import { clientsRoutes, type ClientsSource } from './clients-routes.js';
import { errorHandler, sendError } from './errors.js';
import { healthRoutes, type HealthState } from './health.js';
import { historyRoutes } from './history-routes.js';
import { ingestRoutes } from './ingest-routes.js';
import { metricsRoutes } from './metrics-routes.js';
import { otlpRoutes } from './otlp-routes.js';
import { defaultDashboardDir, spaRoutes } from './spa.js';
import { sseRoutes, type SseStreams } from './sse.js';
import { statsRoutes } from './stats-routes.js';
import { tasksRoutes } from './tasks-routes.js';

export interface HttpAppDeps {
  config: Config;
  store: Store;
  /** The write pipeline every ingest route goes through. */
  ingest: IngestService;
  clock: Clock;
  logger: Logger;
  health: HealthState;
  broadcaster: Broadcaster;
  streams: SseStreams;
  metrics: ServerMetrics;
  sources: readonly Source[];
  liveSources: readonly string[];
  /** Connected Socket.IO clients. */
  clients(): number;
  /** Every client of the cluster, for `GET /api/clients`. */
  clusterClients: ClientsSource;
}

/**
 * The HTTP side: security headers, CORS, per-IP limits and token checks first,
 * then health, REST, SSE, ingest, OTLP and Prometheus routes, then the dashboard.
 */
export function createHttpApp(d: HttpAppDeps): Express {
  const { config, store, clock, logger, health, broadcaster, streams, metrics } = d;
  const tokens = { token: config.token, ingestToken: config.ingestToken };
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(cors(config.corsOrigins));
  app.use(rateLimit(config.httpRate));
  app.use(
    healthRoutes(
      health,
      () => ({ node: config.nodeId, clients: d.clients(), subscribers: broadcaster.subscriberCount, sse_streams: streams.size }),
      (req) => grants(tokens, requestToken(req.headers, req.query), 'read'),
    ),
  );
  app.use(['/api/metrics', '/api/stream', '/api/tasks', '/api/sources', '/api/stats', '/api/clients', '/metrics'], requireAccess(tokens, 'read'));
  app.use(['/api/events', '/v1'], requireAccess(tokens, 'write'));
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use(statsRoutes({ broadcaster, clients: d.clients, sseStreams: () => streams.size }));
  app.use(clientsRoutes(d.clusterClients));
  app.use(historyRoutes(store));
  app.use(metricsRoutes(broadcaster));
  app.use(sseRoutes(broadcaster, streams, logger));
  app.use(ingestRoutes(d.ingest));
  app.use(tasksRoutes(store, clock, config.staleTaskMinutes));
  app.use(sourcesRoutes(d.sources, d.liveSources));
  const otlp = d.sources.find((s): s is OtlpSource => s instanceof OtlpSource);
  if (otlp) app.use(otlpRoutes({ ingest: d.ingest, receiver: otlp, logger }));
  app.use('/api', (_req, res) => sendError(res, 404, 'no such endpoint'));
  app.use(spaRoutes(config.dashboardDir ?? defaultDashboardDir()));
  app.use(errorHandler(logger));
  return app;
}
