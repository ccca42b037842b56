import type { RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { Endpoint, IngestService } from '../ingest/ingest-service.js';
import { sendError } from './errors.js';
import type { BodySpec, Handler } from './route.js';
import { sendUnavailable } from './unavailable.js';

/**
 * The route-table body of a write endpoint: the endpoint's own protocol schema (so the table
 * and the ingest service check the same one), read by `parse`. A body it refuses is counted
 * by the service and answered 400 with the endpoint's message.
 */
export function endpointBody<S extends z.ZodType, T>(ingest: IngestService, endpoint: Endpoint<S, T>, parse: readonly RequestHandler[]): BodySpec<S> {
  return {
    schema: endpoint.schema,
    parse,
    invalid: (req, res, error) => {
      if (req.body === undefined) return sendError(res, 400, 'expected a JSON body');
      sendError(res, 400, ingest.refuse(endpoint, req.body, error.issues));
    },
  };
}

/**
 * A write endpoint's handler: the validated data goes through the ingest service, which
 * acknowledges only what is durable. 503 with `Retry-After` when it could not be stored.
 */
export function endpointHandler<S extends z.ZodType, T>(
  ingest: IngestService,
  endpoint: Endpoint<S, T>,
  answer: (res: Response, value: T) => void,
): Handler<unknown, z.output<S>> {
  return async (_req, res, { body }) => {
    const outcome = await ingest.acceptValid(endpoint, body);
    if (outcome.status === 'invalid') return sendError(res, 400, outcome.message);
    if (outcome.status === 'unavailable') return sendUnavailable(res, outcome.retryAfterSeconds);
    answer(res, outcome.value);
  };
}
