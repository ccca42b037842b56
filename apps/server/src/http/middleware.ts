import type { RequestHandler } from 'express';
import { clientAddress, type TrustProxy } from '../security/client-address.js';
import { corsAnswer, PREFLIGHT_HEADERS } from '../security/cors.js';
import { KeyedLimiter } from '../security/rate-limit.js';
import { sendError } from './errors.js';

/** CORS for an allow-list (see `corsAnswer`): CORS headers for listed origins, preflights answered, 403 for foreign writes. */
export function cors(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const answer = corsAnswer(req, allowed);
    if (answer.kind === 'pass') return next();
    if (answer.kind === 'refuse') return sendError(res, 403, 'origin not allowed');
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', answer.origin);
    if (answer.kind === 'preflight') return void res.set(PREFLIGHT_HEADERS).status(204).end();
    next();
  };
}

/** Per-IP request rate limit (429 with Retry-After), keyed by `clientAddress`. `perSecond` 0 turns it off. */
export function rateLimit(perSecond: number, trust: TrustProxy | null = null): RequestHandler {
  if (perSecond <= 0) return (_req, _res, next) => next();
  const limiter = new KeyedLimiter(perSecond * 2, perSecond);
  return (req, res, next) => {
    if (limiter.take(clientAddress(req, trust))) return next();
    res.set('Retry-After', '1');
    sendError(res, 429, 'too many requests');
  };
}
