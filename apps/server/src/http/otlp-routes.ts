import type { OtlpMetricsRequest } from '@amiga/protocol';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { describeOtlpError } from '../ingest/describe-error.js';
import type { Logger } from '../logging/logger.js';
import type { LogsResult } from '../sources/otlp/logs.js';
import { addMetrics } from '../sources/otlp/metrics.js';
import type { OtlpSource } from '../sources/otlp/otlp-source.js';
import type { IngestResult } from '../store/store.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/** Largest accepted OTLP body, after gzip decompression too. */
export const OTLP_BODY_LIMIT = '5mb';

export interface OtlpRoutesDeps {
  receiver: OtlpSource;
  logger: Logger;
}

/**
 * How an OTLP body is read (gzip or deflate accepted): 413 when too large, 415 for protobuf,
 * 400 for a body that is not JSON; the route's schema then checks it is an export request.
 */
export const otlpJson: readonly RequestHandler[] = [express.raw({ type: () => true, limit: OTLP_BODY_LIMIT }), decodeJson];

/** 400 for a JSON body that is not an export request. */
export function refuseOtlp(_req: Request, res: Response, error: z.ZodError): void {
  sendError(res, 400, describeOtlpError(undefined, error.issues));
}

/**
 * OTLP/HTTP JSON receiver, `POST /v1/logs` (written through the ingest service): 200 `{}`,
 * or `{partialSuccess}` when some records were refused; 503 with `Retry-After` while the
 * store cannot write (nothing of the request stored).
 */
export function otlpLogsAnswer(deps: OtlpRoutesDeps) {
  return (res: Response, { logs, stored }: { logs: LogsResult; stored: IngestResult }): void => {
    const stats = deps.receiver.stats;
    stats.duplicates += stored.duplicates;
    stats.log_records.accepted += logs.events.length;
    stats.log_records.rejected += logs.rejected;
    stats.log_records.ignored += logs.ignored;
    if (logs.rejected > 0) {
      deps.logger.debug({ rejected: logs.rejected, reasons: logs.reasons }, 'OTLP log records refused');
      return void res.json({ partialSuccess: { rejectedLogRecords: logs.rejected, errorMessage: logs.reasons.join('; ') } });
    }
    res.json({});
  };
}

/** `POST /v1/metrics`: kept beside the logs for cross-checks, 200 `{}` or `{partialSuccess}`. */
export function otlpMetricsHandler(deps: OtlpRoutesDeps): Handler<unknown, OtlpMetricsRequest> {
  return (_req, res, { body }) => {
    const result = addMetrics(body, deps.receiver.stats.metrics);
    if (result.rejected > 0) {
      return void res.json({ partialSuccess: { rejectedDataPoints: result.rejected, errorMessage: 'data points without a numeric value' } });
    }
    res.json({});
  };
}

/** The raw body as JSON, for the route's schema. */
function decodeJson(req: Request, res: Response, next: () => void): void {
  if (/protobuf/i.test(req.get('content-type') ?? '')) {
    return sendError(res, 415, 'only OTLP/HTTP JSON is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
  }
  const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  try {
    req.body = JSON.parse(buf.toString('utf8'));
  } catch {
    return sendError(res, 400, 'malformed JSON body');
  }
  next();
}
