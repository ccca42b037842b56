import type { IncomingMessage } from 'node:http';
import type { Logger } from '../logging/logger.js';
import type { MonitorNamespace, MonitorSocket } from '../gateway/types.js';
import { emitError } from '../gateway/safe-handler.js';
import { originAllowed } from './origin.js';
import { KeyedLimiter, TokenBucket } from './rate-limit.js';
import { grants, requestToken, type AccessTokens } from './token.js';

export interface SocketGuardOptions {
  tokens: AccessTokens;
  corsOrigins: readonly string[];
  /** New connections per second per IP; 0 = off. */
  connectRate: number;
  /** Client events per second per socket; 0 = off. */
  eventRate: number;
  logger: Logger;
}

/** Rejected events after which a client that keeps flooding is disconnected. */
const FLOOD_DISCONNECT_AFTER = 50;

/**
 * `allowRequest` for the engine: browsers apply no CORS to WebSockets, so the
 * `Origin` of every handshake and upgrade is checked here, with a per-IP limit on
 * new connections.
 */
export function allowRequest({ corsOrigins, connectRate }: SocketGuardOptions) {
  const limiter = connectRate > 0 ? new KeyedLimiter(connectRate * 4, connectRate) : undefined;
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    if (!originAllowed(req, corsOrigins)) return callback('origin not allowed', false);
    const isNew = !new URL(req.url ?? '/', 'http://x').searchParams.has('sid');
    if (isNew && limiter && !limiter.take(req.socket.remoteAddress ?? 'unknown')) return callback('too many connections', false);
    callback(null, true);
  };
}

/** Token check on the Socket.IO handshake (`auth: {token}`, or `?token=`); refusals reach the client as `connect_error`. */
export function installSocketGuards(nsp: MonitorNamespace, options: SocketGuardOptions): void {
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const presented = typeof auth?.token === 'string' ? auth.token : requestToken(socket.handshake.headers, socket.handshake.query);
    if (grants(options.tokens, presented, 'read')) return next();
    next(new Error('unauthorized: a valid token is required (auth: {token})'));
  });
}

/** Per-socket rate limit on client events: `error` when exceeded, disconnect when the flood goes on. */
export function limitEvents(socket: MonitorSocket, { eventRate, logger }: SocketGuardOptions): void {
  if (eventRate <= 0) return;
  const bucket = new TokenBucket(eventRate * 2, eventRate);
  let rejected = 0;
  socket.use(([event], next) => {
    if (bucket.take()) return next();
    rejected += 1;
    if (rejected >= FLOOD_DISCONNECT_AFTER) {
      logger.warn({ client: socket.id, ip: socket.handshake.address }, 'disconnecting a client that keeps flooding');
      socket.disconnect(true);
      return;
    }
    if (rejected === 1 || rejected % 10 === 0) emitError(socket, `rate limit exceeded: at most ${eventRate} events per second (${String(event)} dropped)`);
  });
}
