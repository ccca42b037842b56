import type { Response } from 'express';
import { sendError } from './errors.js';

/**
 * 503 with `Retry-After`: the store cannot write now and nothing of the request was stored.
 * Producers (and OpenTelemetry exporters, which retry 503 and 429 but not 500) send it again.
 */
export function sendUnavailable(res: Response, retryAfterSeconds: number): void {
  res.set('Retry-After', String(retryAfterSeconds));
  sendError(res, 503, 'storage unavailable, nothing was stored: retry later');
}
