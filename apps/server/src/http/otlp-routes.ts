import { otlpMetricsRequest } from '@amiga/protocol';
import express, { Router, type Request, type Response } from 'express';
import { describeSchemaError } from '../ingest/describe-error.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { Logger } from '../logging/logger.js';
import { addMetrics } from '../sources/otlp/metrics.js';
import type { OtlpSource } from '../sources/otlp/otlp-source.js';
import { sendError } from './errors.js';
import { sendUnavailable } from './unavailable.js';

/** Largest accepted OTLP body, after gzip decompression too. */
export const OTLP_BODY_LIMIT = '5mb';

export interface OtlpRoutesDeps {
  ingest: IngestService;
  receiver: OtlpSource;
  logger: Logger;
}

/**
 * OTLP/HTTP JSON receiver: `POST /v1/logs` and `POST /v1/metrics` (gzip or deflate bodies
 * accepted). 200 `{}`, or `{partialSuccess}` when some records were refused; 400 for a body
 * that is not valid JSON or not an export request; 413 when too large; 415 for protobuf;
 * 503 with `Retry-After` while the store cannot write (nothing of the request stored).
 */
export function otlpRoutes(deps: OtlpRoutesDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: OTLP_BODY_LIMIT });

  router.post('/v1/logs', raw, async (req, res) => {
    const body = parse(req, res);
    if (body === undefined) return;
    const outcome = await deps.ingest.acceptOtlpLogs(body);
    if (outcome.status === 'invalid') return sendError(res, 400, outcome.message);
    if (outcome.status === 'unavailable') return sendUnavailable(res, outcome.retryAfterSeconds);
    const { logs, stored } = outcome.value;
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
  });

  router.post('/v1/metrics', raw, (req, res) => {
    const json = parse(req, res);
    if (json === undefined) return;
    const parsed = otlpMetricsRequest.safeParse(json);
    if (!parsed.success) return sendError(res, 400, `invalid OTLP export request: ${describeSchemaError(parsed.error.issues)}`);
    const result = addMetrics(parsed.data, deps.receiver.stats.metrics);
    if (result.rejected > 0) {
      return void res.json({ partialSuccess: { rejectedDataPoints: result.rejected, errorMessage: 'data points without a numeric value' } });
    }
    res.json({});
  });
  return router;
}

/** The decoded JSON body, or undefined once an error is sent (415 for protobuf, 400 for malformed JSON). */
function parse(req: Request, res: Response): unknown {
  if (/protobuf/i.test(req.get('content-type') ?? '')) {
    sendError(res, 415, 'only OTLP/HTTP JSON is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    return undefined;
  }
  const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  try {
    return JSON.parse(buf.toString('utf8')) as unknown;
  } catch {
    sendError(res, 400, 'malformed JSON body');
    return undefined;
  }
}
