import type { Logger } from '../logging/logger.js';
import { EventLimit } from '../security/socket-guard.js';
import { grants, requestToken, type AccessTokens } from '../security/token.js';
import { emitError } from './safe-handler.js';
import type { MonitorNamespace, MonitorSocket } from './types.js';

/** Token check on the Socket.IO handshake (`auth: {token}`, or `?token=`); refusals reach the client as `connect_error`. */
export function requireReadToken(nsp: MonitorNamespace, tokens: AccessTokens): void {
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const presented = typeof auth?.token === 'string' ? auth.token : requestToken(socket.handshake.headers, socket.handshake.query);
    if (grants(tokens, presented, 'read')) return next();
    next(new Error('unauthorized: a valid token is required (auth: {token})'));
  });
}

/** Per-socket rate limit on client events (`eventRate` per second, 0 = off): `error` when exceeded, disconnect when the flood goes on. */
export function limitEvents(socket: MonitorSocket, eventRate: number, logger: Logger): void {
  if (eventRate <= 0) return;
  const limit = new EventLimit(eventRate);
  socket.use(([event], next) => {
    const verdict = limit.take();
    if (verdict === 'pass') return next();
    if (verdict === 'disconnect') {
      logger.warn({ client: socket.id, ip: socket.data.address ?? socket.handshake.address }, 'disconnecting a client that keeps flooding');
      socket.disconnect(true);
      return;
    }
    if (verdict === 'warn') emitError(socket, `rate limit exceeded: at most ${eventRate} events per second (${String(event)} dropped)`);
  });
}
