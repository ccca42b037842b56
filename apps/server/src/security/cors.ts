import type { IncomingMessage } from 'node:http';
import { originAllowed } from './origin.js';

/**
 * What CORS does with a request, for an allow-list: a listed origin (or the server's
 * own) is `allowed` and its preflights answered; any other cross-origin request gets
 * no CORS headers (the browser blocks the read: `pass`) and, when it would change
 * something, is `refused` (403). A request without `Origin` is not a CORS question.
 * Credentials are never allowed: tokens travel in headers, not cookies.
 */
export type CorsAnswer = { kind: 'pass' } | { kind: 'refuse' } | { kind: 'allow'; origin: string } | { kind: 'preflight'; origin: string };

export function corsAnswer(req: Pick<IncomingMessage, 'headers' | 'method'>, allowed: readonly string[]): CorsAnswer {
  const origin = req.headers.origin;
  if (origin === undefined) return { kind: 'pass' };
  if (!originAllowed(req, allowed)) return req.method !== 'GET' && req.method !== 'HEAD' ? { kind: 'refuse' } : { kind: 'pass' };
  return req.method === 'OPTIONS' ? { kind: 'preflight', origin } : { kind: 'allow', origin };
}

/** The headers of a preflight's answer (besides `Access-Control-Allow-Origin`). */
export const PREFLIGHT_HEADERS = {
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Content-Encoding, Last-Event-ID',
  'Access-Control-Max-Age': '600',
} as const;
