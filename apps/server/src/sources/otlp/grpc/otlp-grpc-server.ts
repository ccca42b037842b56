import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../../logging/logger.js';
import { grants, requestToken, type AccessTokens } from '../../../security/token.js';
import { isOtlpRefused, isOtlpUnavailable, type OtlpExportHandler } from '../export-handler.js';
import { decodeExportRequest, encodeExportResponse, type ExportOutcome, type OtlpRequests, type OtlpSignal } from '../protobuf/codec.js';

/** Largest accepted message, after decompression: the OTLP/HTTP body limit (5 MB). */
export const OTLP_GRPC_MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export interface OtlpGrpcServerOptions {
  /** Interface to listen on (the server's MONITORING_HOST). */
  host: string;
  /** TCP port (MONITORING_OTLP_GRPC_PORT, by convention 4317); 0 picks a free one. */
  port: number;
  handler: OtlpExportHandler;
  /** Tokens that may write (MONITORING_INGEST_TOKEN, else MONITORING_TOKEN). Default: none, open. */
  tokens?: AccessTokens;
  /** Largest message accepted, compressed or not; larger ones get RESOURCE_EXHAUSTED. Default 5 MB. */
  maxMessageBytes?: number;
  /** Which handler errors mean "retry later" (UNAVAILABLE). Default: OtlpUnavailableError. */
  isUnavailable?: (err: unknown) => boolean;
  logger?: Pick<Logger, 'warn' | 'debug'>;
}

/** start() could not listen (port in use, bad host, no permission). */
export class OtlpGrpcListenError extends Error {
  constructor(
    readonly address: string,
    reason: string,
  ) {
    super(`OTLP/gRPC receiver cannot listen on ${address}: ${reason}`);
    this.name = 'OtlpGrpcListenError';
  }
}

const SERVICES: Record<OtlpSignal, string> = {
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
};

/**
 * Messages cross grpc-js as raw bytes and are decoded in the handler by the same codec as
 * OTLP/HTTP protobuf (same definitions, same depth cap, same zod schemas), so a bad message is
 * answered INVALID_ARGUMENT rather than grpc-js's INTERNAL for a failed deserializer, and the
 * token is checked before any decoding work.
 */
const raw = {
  requestSerialize: (value: Buffer) => value,
  requestDeserialize: (bytes: Buffer) => bytes,
  responseSerialize: (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  responseDeserialize: (bytes: Buffer) => bytes,
};

const exportService = (signal: OtlpSignal): grpc.ServiceDefinition => ({
  Export: { path: `/${SERVICES[signal]}/Export`, requestStream: false, responseStream: false, originalName: 'export', ...raw },
});

type Unary = grpc.handleUnaryCall<Buffer, Uint8Array>;

/**
 * OTLP/gRPC receiver: LogsService, MetricsService and (when the handler takes traces)
 * TraceService `Export`, insecure (plaintext HTTP/2, like the HTTP listener), gzip and deflate
 * accepted. Statuses: UNAUTHENTICATED without a token that may write (`authorization: Bearer …`),
 * RESOURCE_EXHAUSTED above the size limit, INVALID_ARGUMENT for an undecodable or refused request,
 * UNAVAILABLE when the store cannot write (retryable), INTERNAL for anything else.
 */
export class OtlpGrpcServer {
  private server: grpc.Server | undefined;
  private boundPort: number | undefined;

  constructor(private readonly options: OtlpGrpcServerOptions) {}

  /** The port listened on, once started. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** Listens; rejects with OtlpGrpcListenError when the address cannot be bound. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.server) throw new Error('OTLP/gRPC receiver already started');
    const { host, port } = this.options;
    const limit = this.options.maxMessageBytes ?? OTLP_GRPC_MAX_MESSAGE_BYTES;
    const server = new grpc.Server({ 'grpc.max_receive_message_length': limit, 'grpc.max_send_message_length': 64 * 1024 });
    server.addService(exportService('logs'), { Export: this.unary('logs') });
    server.addService(exportService('metrics'), { Export: this.unary('metrics') });
    if (this.options.handler.exportTraces) server.addService(exportService('traces'), { Export: this.unary('traces') });
    const address = `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
    const bound = await new Promise<number>((resolve, reject) => {
      server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, boundPort) => {
        if (err) reject(new OtlpGrpcListenError(address, /EADDRINUSE/.test(err.message) ? 'address already in use' : err.message));
        else resolve(boundPort);
      });
    }).catch((err: unknown) => {
      server.forceShutdown();
      throw err;
    });
    this.server = server;
    this.boundPort = bound;
    return { host, port: bound };
  }

  /** Stops listening; calls still running get `graceMs` to finish, then are cancelled. */
  async stop(graceMs = 2000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundPort = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private unary(signal: OtlpSignal): Unary {
    return (call, callback) => {
      if (!this.authorized(call.metadata)) {
        return callback({ code: grpc.status.UNAUTHENTICATED, details: 'a token that may write is required (authorization: Bearer …)' });
      }
      const decoded = decodeExportRequest(signal, call.request);
      if (!decoded.ok) return callback({ code: grpc.status.INVALID_ARGUMENT, details: decoded.error });
      this.handle(signal, decoded.value).then(
        (outcome) => callback(null, encodeExportResponse(signal, outcome)),
        (err: unknown) => callback(this.statusOf(signal, err)),
      );
    };
  }

  private handle<S extends OtlpSignal>(signal: S, request: OtlpRequests[S]): Promise<ExportOutcome> {
    const { handler } = this.options;
    if (signal === 'logs') return handler.exportLogs(request as OtlpRequests['logs']);
    if (signal === 'metrics') return handler.exportMetrics(request as OtlpRequests['metrics']);
    if (handler.exportTraces) return handler.exportTraces(request as OtlpRequests['traces']);
    return Promise.reject(new Error('traces are not accepted'));
  }

  private authorized(metadata: grpc.Metadata): boolean {
    const tokens = this.options.tokens ?? {};
    const [value] = metadata.get('authorization');
    const header = typeof value === 'string' ? value : undefined;
    return grants(tokens, requestToken({ authorization: header }, undefined), 'ingest');
  }

  private statusOf(signal: OtlpSignal, err: unknown): Partial<grpc.StatusObject> {
    if ((this.options.isUnavailable ?? isOtlpUnavailable)(err)) {
      this.options.logger?.debug({ signal }, 'OTLP/gRPC export refused: store unavailable');
      return { code: grpc.status.UNAVAILABLE, details: 'the store cannot write just now, retry later' };
    }
    if (isOtlpRefused(err)) return { code: grpc.status.INVALID_ARGUMENT, details: err.message };
    this.options.logger?.warn({ signal, err }, 'OTLP/gRPC export failed');
    return { code: grpc.status.INTERNAL, details: 'internal error' };
  }
}
