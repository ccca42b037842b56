import type { Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import type { HealthState } from '../../http/health.js';
import type { IngestService } from '../../ingest/ingest-service.js';
import type { Logger } from '../../logging/logger.js';
import { StoreUnavailableError } from '../../store/unavailable.js';
import { OtlpGrpcListenError, OtlpGrpcServer } from './grpc/otlp-grpc-server.js';
import { createOtlpExportService } from './otlp-export-service.js';
import type { OtlpSource } from './otlp-source.js';

export interface OtlpGrpcDeps {
  config: Config;
  ingest: IngestService;
  receiver: OtlpSource;
  clock: Clock;
  logger: Logger;
  health: HealthState;
}

const isUnavailable = (err: unknown) => err instanceof StoreUnavailableError;

/**
 * Starts the OTLP/gRPC receiver on MONITORING_HOST and MONITORING_OTLP_GRPC_PORT (the
 * Collector's 4317 by default) while the otlp source runs. Its writes go through the ingest
 * service, so a store that cannot write is answered UNAVAILABLE (exporters retry it). A port
 * it cannot listen on is a warning and degraded health, never a failed start: the HTTP
 * receiver and everything else go on. Resolves with the server, or undefined when off or not listening.
 */
export async function startOtlpGrpc(d: OtlpGrpcDeps): Promise<OtlpGrpcServer | undefined> {
  const { config, logger, health } = d;
  if (config.otlpGrpcPort === 'off') return undefined;
  const handler = createOtlpExportService({
    store: { ingest: (events) => d.ingest.write('otlp', events) },
    clock: d.clock,
    prices: config.prices,
    receiver: d.receiver,
    logger,
    isUnavailable,
    retryAfterSeconds: (err) => (err instanceof StoreUnavailableError ? err.retryAfterSeconds : undefined),
  });
  const server = new OtlpGrpcServer({
    host: config.host,
    port: config.otlpGrpcPort,
    handler,
    tokens: { token: config.token, ingestToken: config.ingestToken },
    // The export service turns a store that cannot write into OtlpUnavailableError, the server's default "retry later".
    logger,
  });
  try {
    const { host, port } = await server.start();
    d.receiver.grpcAddress = `${host}:${port}`;
    logger.info({ host, port }, `OTLP/gRPC receiver on ${host}:${port}`);
    return server;
  } catch (err) {
    if (!(err instanceof OtlpGrpcListenError)) throw err;
    const reason = `${err.message}; OTLP over gRPC is not received (OTLP/HTTP on the web port still is). Free the port or set MONITORING_OTLP_GRPC_PORT (a port, or off)`;
    logger.warn({ address: err.address }, reason);
    health.degrade('otlp-grpc', reason);
    await server.stop().catch(() => undefined);
    return undefined;
  }
}
