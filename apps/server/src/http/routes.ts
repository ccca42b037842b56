import { alertTestRequest, API_PATHS, historyQuery, hoursQuery, otlpMetricsRequest, otlpTracesRequest, sessionQuery, sessionsQuery, streamQuery, tasksQuery } from '@amiga/protocol';
import type { AlertService } from '../alerts/service.js';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { OTLP_LOGS } from '../ingest/endpoints.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { claudeHookEndpoint } from '../live/hook-endpoint.js';
import type { LimitsService } from '../limits/limits-service.js';
import type { Logger } from '../logging/logger.js';
import type { ServerMetrics } from '../observability/prometheus.js';
import { OtlpSource } from '../sources/otlp/otlp-source.js';
import type { Source } from '../sources/source.js';
import { sessionHandler, sessionsHandler } from '../sessions/sessions-routes.js';
import { sourcesHandler } from '../sources/status-routes.js';
import type { Store } from '../store/store.js';
import { alertsHandler, alertTestHandler, alertTestJson } from './alerts-routes.js';
import { clientsHandler, type ClientsSource } from './clients-routes.js';
import { healthHandler, type HealthState } from './health.js';
import { historyHandler } from './history-routes.js';
import { HOOKS_ANSWER, hooksBody } from './hooks-routes.js';
import { INGEST_ROUTE } from './ingest-routes.js';
import { snapshotHandler } from './metrics-routes.js';
import { otlpBody, otlpLogsAnswer, otlpMetricsHandler, otlpTracesHandler, refuseOtlp } from './otlp-routes.js';
import { route, type Route } from './route.js';
import { defaultDashboardDir, skipApiPaths, spaAssets, spaHandler } from './spa.js';
import { streamHandler, type SseStreams } from './sse.js';
import { statsHandler } from './stats-routes.js';
import { statusLineRoute } from './statusline-routes.js';
import { taskHandler } from './task-route.js';
import { tasksHandler } from './tasks-routes.js';
import { endpointBody, endpointHandler } from './write-route.js';

export interface RoutesDeps {
  config: Config;
  store: Store;
  /** The write pipeline every write route goes through. */
  ingest: IngestService;
  /** Where limit windows are reported (the status-line endpoint). */
  limits: LimitsService;
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
  /** Alerts (MONITORING_ALERTS), when configured. */
  alerts?: AlertService;
}

/**
 * The server's HTTP routes, all of them: method, path, who may call it, the protocol
 * schemas of its query and body, and its handler. Nothing is answered outside this
 * table but the JSON 404 (`security/token.ts` says what each access level needs).
 */
export function routeTable(d: RoutesDeps): Route[] {
  const { config, store, ingest, clock, logger, health, broadcaster, streams, metrics } = d;
  const otlp = d.sources.find((s): s is OtlpSource => s instanceof OtlpSource);
  const otlpDeps = otlp && { receiver: otlp, logger };
  const dashboardDir = config.dashboardDir ?? defaultDashboardDir();
  const hooks = claudeHookEndpoint(config.hooksStoreContent);
  const details = () => ({ node: config.nodeId, clients: d.clients(), subscribers: broadcaster.subscriberCount, sse_streams: streams.size });

  return [
    // Open for load balancers; the counters only for callers that may read.
    route({ method: 'get', path: API_PATHS.health, access: 'public', handler: healthHandler(health, details) }),
    route({ method: 'get', path: API_PATHS.metricsOverview, access: 'read', query: hoursQuery, handler: snapshotHandler(broadcaster, (s) => s.overview) }),
    route({ method: 'get', path: API_PATHS.metricsSnapshot, access: 'read', query: hoursQuery, handler: snapshotHandler(broadcaster, (s) => s) }),
    route({ method: 'get', path: API_PATHS.metricsHistory, access: 'read', query: historyQuery, handler: historyHandler(store) }),
    route({ method: 'get', path: API_PATHS.metricsStream, access: 'read', query: streamQuery, handler: streamHandler(broadcaster, streams, logger) }),
    route({
      method: 'post',
      path: API_PATHS.events,
      access: 'ingest',
      body: endpointBody(ingest, INGEST_ROUTE.endpoint, INGEST_ROUTE.parse),
      handler: endpointHandler(ingest, INGEST_ROUTE.endpoint, INGEST_ROUTE.answer),
    }),
    // Claude Code's HTTP hooks: 200 {} once the hook is stored, never a decision for the agent.
    route({
      method: 'post',
      path: API_PATHS.hooksClaudeCode,
      access: 'ingest',
      body: hooksBody(ingest, hooks),
      handler: endpointHandler(ingest, hooks, HOOKS_ANSWER),
    }),
    statusLineRoute(d.limits),
    route({ method: 'get', path: API_PATHS.tasks, access: 'read', query: tasksQuery, handler: tasksHandler(store, clock, config.staleTaskMinutes) }),
    route({ method: 'get', path: API_PATHS.task, access: 'read', handler: taskHandler(store, clock, config.staleTaskMinutes) }),
    route({ method: 'get', path: API_PATHS.sessions, access: 'read', query: sessionsQuery, handler: sessionsHandler(store) }),
    route({ method: 'get', path: API_PATHS.session, access: 'read', query: sessionQuery, handler: sessionHandler(store) }),
    route({ method: 'get', path: API_PATHS.sources, access: 'read', handler: sourcesHandler(d.sources, d.liveSources) }),
    route({ method: 'get', path: API_PATHS.stats, access: 'read', handler: statsHandler({ broadcaster, clients: d.clients, sseStreams: () => streams.size }) }),
    route({ method: 'get', path: API_PATHS.clients, access: 'admin', handler: clientsHandler(d.clusterClients) }),
    route({ method: 'get', path: API_PATHS.alerts, access: 'read', handler: alertsHandler(d.alerts) }),
    // Sends a message to people: the admin token when one is set, else whoever may read.
    route({ method: 'post', path: API_PATHS.alertsTest, access: 'admin', body: { schema: alertTestRequest, parse: [alertTestJson] }, handler: alertTestHandler(d.alerts) }),
    route({
      method: 'get',
      path: API_PATHS.prometheus,
      access: 'read',
      handler: async (_req, res) => {
        res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      },
    }),
    // The OTLP receiver only when the otlp source is on.
    ...(otlpDeps
      ? [
          route({
            method: 'post',
            path: API_PATHS.otlpLogs,
            access: 'ingest',
            body: endpointBody(ingest, OTLP_LOGS, otlpBody('logs')),
            handler: endpointHandler(ingest, OTLP_LOGS, otlpLogsAnswer(otlpDeps)),
          }),
          route({
            method: 'post',
            path: API_PATHS.otlpMetrics,
            access: 'ingest',
            body: { schema: otlpMetricsRequest, parse: otlpBody('metrics'), invalid: refuseOtlp },
            handler: otlpMetricsHandler(otlpDeps),
          }),
          route({
            method: 'post',
            path: API_PATHS.otlpTraces,
            access: 'ingest',
            body: { schema: otlpTracesRequest, parse: otlpBody('traces'), invalid: refuseOtlp },
            handler: otlpTracesHandler(otlpDeps),
          }),
        ]
      : []),
    // The dashboard: its files, and index.html for any other non-API GET (client-side routes).
    route({ method: 'get', path: '/{*splat}', access: 'public', use: [skipApiPaths, spaAssets(dashboardDir)], handler: spaHandler(dashboardDir) }),
  ];
}
