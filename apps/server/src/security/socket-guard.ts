import type { IncomingMessage } from 'node:http';
import { clientAddress, type TrustProxy } from './client-address.js';
import { originAllowed } from './origin.js';
import { KeyedLimiter, TokenBucket } from './rate-limit.js';

export interface SocketGuardOptions {
  corsOrigins: readonly string[];
  /** New connections per second per IP; 0 = off. */
  connectRate: number;
  /** MONITORING_TRUST_PROXY (null: the socket's peer is the client). */
  trustProxy?: TrustProxy | null;
}

/**
 * `allowRequest` for the engine: browsers apply no CORS to WebSockets, so the
 * `Origin` of every handshake and upgrade is checked here, with a per-IP limit on
 * new connections.
 */
export function allowRequest({ corsOrigins, connectRate, trustProxy = null }: SocketGuardOptions) {
  const limiter = connectRate > 0 ? new KeyedLimiter(connectRate * 4, connectRate) : undefined;
  return (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
    if (!originAllowed(req, corsOrigins)) return callback('origin not allowed', false);
    const isNew = !new URL(req.url ?? '/', 'http://x').searchParams.has('sid');
    if (isNew && limiter && !limiter.take(clientAddress(req, trustProxy))) return callback('too many connections', false);
    callback(null, true);
  };
}

/** Rejected events after which a client that keeps flooding is disconnected. */
const FLOOD_DISCONNECT_AFTER = 50;

/**
 * The per-socket limit on client events, as a verdict per event: `pass`; `warn` (drop it
 * and tell the client: the first refusal and every tenth); `drop` (silently);
 * `disconnect` (the flood goes on).
 */
export class EventLimit {
  readonly #bucket: TokenBucket;
  #rejected = 0;

  constructor(readonly perSecond: number) {
    this.#bucket = new TokenBucket(perSecond * 2, perSecond);
  }

  take(): 'pass' | 'warn' | 'drop' | 'disconnect' {
    if (this.#bucket.take()) return 'pass';
    this.#rejected += 1;
    if (this.#rejected >= FLOOD_DISCONNECT_AFTER) return 'disconnect';
    return this.#rejected === 1 || this.#rejected % 10 === 0 ? 'warn' : 'drop';
  }
}
