import express, { Router } from 'express';
import type { IngestService } from '../ingest/ingest-service.js';
import { sendError } from './errors.js';
import { sendUnavailable } from './unavailable.js';

/** Largest accepted ingest body. */
export const INGEST_BODY_LIMIT = '5mb';

/**
 * `POST /api/events`: one event or an array. A batch is validated whole before
 * anything is written, and committed in one transaction: 202 means stored. While
 * the store cannot write: 503 with `Retry-After`, nothing stored.
 */
export function ingestRoutes(ingest: IngestService): Router {
  const router = Router();
  // Parse JSON whatever the content type says (producers often omit it), with a size limit.
  router.post('/api/events', express.json({ limit: INGEST_BODY_LIMIT, type: () => true, strict: false }), async (req, res) => {
    if (req.body === undefined) return sendError(res, 400, 'expected a JSON body');
    const outcome = await ingest.acceptEvents(req.body);
    if (outcome.status === 'invalid') return sendError(res, 400, outcome.message);
    if (outcome.status === 'unavailable') return sendUnavailable(res, outcome.retryAfterSeconds);
    res.status(202).json(outcome.value);
  });
  return router;
}
