import type { OtlpMetricsRequest, OtlpTracesRequest } from '@amiga/protocol';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { describeOtlpError } from '../ingest/describe-error.js';
import type { Logger } from '../logging/logger.js';
import type { LogsResult } from '../sources/otlp/logs.js';
import { addMetrics } from '../sources/otlp/metrics.js';
import type { OtlpSource } from '../sources/otlp/otlp-source.js';
import { countSpans } from '../sources/otlp/spans.js';
import {
  decodeExportRequest,
  encodeExportResponse,
  exportResponse,
  otlpBodyFormat,
  PROTOBUF_CONTENT_TYPE,
  type ExportOutcome,
  type OtlpSignal,
} from '../sources/otlp/protobuf/codec.js';
import type { IngestResult } from '../store/store.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/** Largest accepted OTLP body, after gzip decompression too. */
export const OTLP_BODY_LIMIT = '5mb';

export interface OtlpRoutesDeps {
  receiver: OtlpSource;
  logger: Logger;
}

/** Set on a request whose body came as protobuf: its answer goes back as protobuf too (OTLP/HTTP). */
const PROTOBUF = 'otlpProtobuf';

/**
 * How an OTLP body of `signal` is read (gzip or deflate accepted): `application/json` or
 * `application/x-protobuf` (decoded with the official opentelemetry-proto messages into the
 * JSON mapping's shape; any other type is read as JSON, as producers often mislabel it); 413
 * when too large, 400 for a body that does not decode. The route's schema then checks it is an export request.
 */
export function otlpBody(signal: OtlpSignal): readonly RequestHandler[] {
  return [express.raw({ type: () => true, limit: OTLP_BODY_LIMIT }), decodeBody(signal)];
}

/** 400 for a body that is not an export request. */
export function refuseOtlp(_req: Request, res: Response, error: z.ZodError): void {
  sendError(res, 400, describeOtlpError(undefined, error.issues));
}

/** An Export*ServiceResponse in the request's encoding: `{}` or `{partialSuccess}` (JSON), or its protobuf bytes. */
function answer(res: Response, signal: OtlpSignal, outcome: ExportOutcome): void {
  if (res.locals[PROTOBUF] === true) return void res.type(PROTOBUF_CONTENT_TYPE).send(Buffer.from(encodeExportResponse(signal, outcome)));
  res.json(exportResponse(signal, outcome));
}

/**
 * OTLP/HTTP receiver, `POST /v1/logs` (written through the ingest service): 200 `{}`, or
 * `{partialSuccess}` when some records were refused; 503 with `Retry-After` while the store
 * cannot write (nothing of the request stored).
 */
export function otlpLogsAnswer(deps: OtlpRoutesDeps) {
  return (res: Response, { logs, stored }: { logs: LogsResult; stored: IngestResult }): void => {
    const stats = deps.receiver.stats;
    stats.duplicates += stored.duplicates;
    stats.log_records.accepted += logs.events.length;
    stats.log_records.rejected += logs.rejected;
    stats.log_records.ignored += logs.ignored;
    if (logs.rejected > 0) deps.logger.debug({ rejected: logs.rejected, reasons: logs.reasons }, 'OTLP log records refused');
    answer(res, 'logs', logs.rejected > 0 ? { rejected: logs.rejected, errorMessage: logs.reasons.join('; ') } : { rejected: 0 });
  };
}

/** `POST /v1/metrics`: kept beside the logs for cross-checks, 200 `{}` or `{partialSuccess}`. */
export function otlpMetricsHandler(deps: OtlpRoutesDeps): Handler<unknown, OtlpMetricsRequest> {
  return (_req, res, { body }) => {
    const result = addMetrics(body, deps.receiver.stats.metrics);
    answer(res, 'metrics', result.rejected > 0 ? { rejected: result.rejected, errorMessage: 'data points without a numeric value' } : { rejected: 0 });
  };
}

/** `POST /v1/traces`: spans are accepted and counted (the monitor keeps no traces), so an agent exporting them sees no errors. */
export function otlpTracesHandler(deps: OtlpRoutesDeps): Handler<unknown, OtlpTracesRequest> {
  return (_req, res, { body }) => {
    deps.receiver.stats.spans += countSpans(body);
    answer(res, 'traces', { rejected: 0 });
  };
}

/** The raw body decoded for the route's schema: JSON as it is, protobuf into the JSON mapping's shape. */
function decodeBody(signal: OtlpSignal): RequestHandler {
  return (req, res, next) => {
    const format = otlpBodyFormat(req.get('content-type'));
    const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (format === 'protobuf') {
      res.locals[PROTOBUF] = true;
      const decoded = decodeExportRequest(signal, buf);
      if (!decoded.ok) return sendError(res, 400, decoded.error);
      req.body = decoded.value;
      return next();
    }
    try {
      req.body = JSON.parse(buf.toString('utf8'));
    } catch {
      return sendError(res, 400, 'malformed JSON body');
    }
    next();
  };
}
