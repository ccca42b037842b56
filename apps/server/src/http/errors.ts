import type { ErrorRequestHandler, Response } from 'express';
import { errorBody } from '../errors/error-body.js';
import type { Logger } from '../logging/logger.js';

/** Every HTTP error has this body. */
export function sendError(res: Response, status: number, message: string): void {
  res.status(status).json(errorBody(message));
}

/** Maps body-parser and unexpected errors to JSON answers; never leaks internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const e = err as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.too.large') return sendError(res, 413, 'request body too large');
    if (e.type === 'entity.parse.failed') return sendError(res, 400, 'malformed JSON body');
    if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, 415, 'unsupported body encoding');
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendError(res, e.status, 'bad request');
    logger.error({ err }, 'request failed');
    if (!res.headersSent) sendError(res, 500, 'internal error');
  };
}
