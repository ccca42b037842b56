import type { OtlpLogsRequest, OtlpMetricsRequest, OtlpTracesRequest } from '@amiga/protocol';
import type { ExportOutcome } from './protobuf/codec.js';

export type { ExportOutcome };

/**
 * What the OTLP transports (HTTP JSON, HTTP protobuf, gRPC) hand a decoded export request to.
 * Each request arrives in the shape the protocol's zod schemas give, whatever its encoding. The
 * answer is how many items were refused (0: all accepted), sent back as partial_success.
 * Throw OtlpUnavailableError when nothing could be stored (the client should retry later: HTTP
 * 503 + Retry-After, gRPC UNAVAILABLE) and OtlpRefusedError to refuse the whole request
 * (HTTP 400, gRPC INVALID_ARGUMENT). Any other error is an internal one (HTTP 500, gRPC INTERNAL).
 */
export interface OtlpExportHandler {
  exportLogs(request: OtlpLogsRequest): Promise<ExportOutcome>;
  exportMetrics(request: OtlpMetricsRequest): Promise<ExportOutcome>;
  /** Absent: traces are not accepted (HTTP 404, gRPC UNIMPLEMENTED). */
  exportTraces?(request: OtlpTracesRequest): Promise<ExportOutcome>;
}

/** Nothing was stored and a retry may succeed (the store cannot write just now). */
export class OtlpUnavailableError extends Error {
  constructor(
    message = 'the store cannot write just now, retry later',
    /** Seconds the client should wait, when known (HTTP Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'OtlpUnavailableError';
  }
}

/** The whole request is refused; its message is sent to the client, so keep it free of internals. */
export class OtlpRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpRefusedError';
  }
}

export const isOtlpUnavailable = (err: unknown): boolean => err instanceof OtlpUnavailableError;
export const isOtlpRefused = (err: unknown): err is OtlpRefusedError => err instanceof OtlpRefusedError;
