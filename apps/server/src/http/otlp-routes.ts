import { otlpLogsRequest, otlpMetricsRequest } from '@amiga/protocol';
import express, { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import type { PriceRow } from '../metrics/pricing.js';
import { eventsFromLogs } from '../sources/otlp/logs.js';
import { addMetrics } from '../sources/otlp/metrics.js';
import type { OtlpSource } from '../sources/otlp/otlp-source.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';

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
 * OTLP/HTTP JSON receiver: `POST /v1/logs` and `POST /v1/metrics` (gzip or deflate bodies
 * accepted). 200 `{}`, or `{partialSuccess}` when some records were refused; 400 for a body
 * that is not valid JSON or not an export request; 413 when too large; 415 for protobuf.
 */
export function otlpRoutes(deps: OtlpRoutesDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: OTLP_BODY_LIMIT });

  router.post('/v1/logs', raw, async (req, res) => {
    const body = parse(req, res, otlpLogsRequest);
    if (!body) return;
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
  });

  router.post('/v1/metrics', raw, (req, res) => {
    const body = parse(req, res, otlpMetricsRequest);
    if (!body) return;
    const result = addMetrics(body, deps.receiver.stats.metrics);
    if (result.rejected > 0) {
      return void res.json({ partialSuccess: { rejectedDataPoints: result.rejected, errorMessage: 'data points without a numeric value' } });
    }
    res.json({});
  });
  return router;
}

function parse<S extends z.ZodType>(req: Request, res: Response, schema: S): z.infer<S> | undefined {
  if (/protobuf/i.test(req.get('content-type') ?? '')) {
    sendError(res, 415, 'only OTLP/HTTP JSON is accepted: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json');
    return undefined;
  }
  const buf = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  let json: unknown;
  try {
    json = JSON.parse(buf.toString('utf8'));
  } catch {
    sendError(res, 400, 'malformed JSON body');
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    sendError(res, 400, `invalid OTLP export request: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    return undefined;
  }
  return parsed.data;
}
