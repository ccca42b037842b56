import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Which hops to believe: proxy-addr's trust function (the one express's `trust proxy` compiles to). */
export type TrustProxy = (addr: string, hop: number) => boolean;

const OFF = new Set(['', 'off', 'false', 'no', '0']);

/**
 * MONITORING_TRUST_PROXY as express's `trust proxy`: off (default; `off`, `false`, `0` or empty),
 * a hop count (`1`: the address the nearest proxy saw), or a comma list of addresses, CIDRs and
 * proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`). Returns null for off; throws an
 * Error naming what is wrong for anything else.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy | null {
  const v = (value ?? '').trim();
  if (OFF.has(v.toLowerCase())) return null;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 64) throw new Error(`a hop count is at most 64, got ${v}`);
    return (_addr, hop) => hop < hops;
  }
  const list = v.split(',').map((s) => s.trim());
  if (list.some((s) => s === '')) throw new Error('an empty entry in the list');
  try {
    return proxyaddr.compile(list);
  } catch (err) {
    throw new Error(`${(err as Error).message} (a hop count, or a comma list of addresses, CIDRs, loopback, linklocal, uniquelocal)`, { cause: err });
  }
}

/**
 * The client's address: the socket's peer, or with a trust setting the first untrusted address
 * of X-Forwarded-For counted from the peer (express's `req.ip`). One function for HTTP and the
 * Socket.IO handshake, so rate limits, logs and /api/clients agree.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string {
  if (!req.socket?.remoteAddress) return 'unknown';
  return trust ? proxyaddr(req, trust) : req.socket.remoteAddress;
}
