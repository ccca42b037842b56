import type { IncomingMessage } from 'node:http';

/**
 * Whether a browser request's `Origin` may use the server: the same origin (the
 * `Host` it was sent to) or one of the allowed origins. A request without `Origin`
 * comes from no browser page (curl, a producer, a bot) and is not an origin question.
 */
export function originAllowed(req: Pick<IncomingMessage, 'headers'>, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes('*')) return true;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
