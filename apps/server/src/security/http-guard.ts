import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sendError } from '../http/errors.js';
import { originAllowed } from './origin.js';
import { KeyedLimiter } from './rate-limit.js';
import { grants, requestToken, type Access, type AccessTokens } from './token.js';

/** Requires a token granting `access` (answers 401 with `WWW-Authenticate: Bearer`). Open when no token is configured. */
export function requireAccess(tokens: AccessTokens, access: Access): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (grants(tokens, requestToken(req.headers, req.query), access)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="amiga-monitor"');
    sendError(res, 401, access === 'write' ? 'a token that may write is required (Authorization: Bearer …)' : 'a valid token is required (Authorization: Bearer … or ?token=)');
  };
}

/**
 * CORS for an allow-list: a listed origin (or the server's own) gets the CORS
 * headers and its preflights are answered; any other cross-origin request gets no
 * CORS headers (the browser blocks the read) and, when it would change something,
 * a 403. Credentials are never allowed: tokens travel in headers, not cookies.
 */
export function cors(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined) return next();
    if (!originAllowed(req, allowed)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 403, 'origin not allowed');
      return next();
    }
    res.vary('Origin');
    res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS') {
      res.set({
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Content-Encoding, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      return void res.status(204).end();
    }
    next();
  };
}

/** Per-IP request rate limit (429 with Retry-After). `perSecond` 0 turns it off. */
export function rateLimit(perSecond: number): RequestHandler {
  if (perSecond <= 0) return (_req, _res, next) => next();
  const limiter = new KeyedLimiter(perSecond * 2, perSecond);
  return (req, res, next) => {
    if (limiter.take(req.socket.remoteAddress ?? 'unknown')) return next();
    res.set('Retry-After', '1');
    sendError(res, 429, 'too many requests');
  };
}
