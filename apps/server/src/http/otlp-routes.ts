import type { OtlpLogsRequest, OtlpMetricsRequest } from '@amiga/protocol';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { describeIssues } from '../errors/describe-issues.js';
import type { Logger } from '../logging/logger.js';
import type { PriceRow } from '../metrics/pricing.js';
import { eventsFromLogs } from '../sources/otlp/logs.js';
import { addMetrics } from '../sources/otlp/metrics.js';
import type { OtlpSource } from '../sources/otlp/otlp-source.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/** Largest accepted OTLP body, after gzip decompression too. */
export const OTLP_BODY_LIMIT = '5mb';

export interface OtlpRoutesDeps {
  store: Pick<Store, 'ingest'>;
  clock: Clock;
  prices: readonly PriceRow[];
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
  sendError(res, 400, `invalid OTLP export request: ${describeIssues(error)}`);
}

/**
 * OTLP/HTTP JSON receiver, `POST /v1/logs`: 200 `{}`, or `{partialSuccess}` when some
 * records were refused.
 */
export function otlpLogsHandler(deps: OtlpRoutesDeps): Handler<unknown, OtlpLogsRequest> {
  return async (_req, res, { body }) => {
    const now = deps.clock.now();
    const result = eventsFromLogs(body, now, deps.prices);
    const stats = deps.receiver.stats;
    if (result.events.length > 0) {
      const stored = await deps.store.ingest(result.events);
      stats.duplicates += stored.duplicates;
    }
    stats.log_records.accepted += result.events.length;
    stats.log_records.rejected += result.rejected;
    stats.log_records.ignored += result.ignored;
    if (result.rejected > 0) {
      deps.logger.debug({ rejected: result.rejected, reasons: result.reasons }, 'OTLP log records refused');
      return void res.json({ partialSuccess: { rejectedLogRecords: result.rejected, errorMessage: result.reasons.join('; ') } });
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
