import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented token with the expected one in constant time (both are
 * hashed first, so neither the content nor the length leaks through timing).
 */
export function tokenMatches(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 4096) return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of an HTTP request: `Authorization: Bearer …`, or `?token=` (EventSource cannot send headers). */
export function requestToken(headers: Record<string, string | string[] | undefined>, query: unknown): string | undefined {
  const auth = headers.authorization;
  const value = Array.isArray(auth) ? auth[0] : auth;
  const bearer = value && /^Bearer\s+(.+)$/i.exec(value)?.[1]?.trim();
  if (bearer) return bearer;
  const q = query && typeof query === 'object' ? (query as Record<string, unknown>).token : undefined;
  return typeof q === 'string' ? q : undefined;
}

/** Which tokens open what: `read` for dashboards, `ingest` for producers, `admin` for operators. */
export interface AccessTokens {
  /** MONITORING_TOKEN: required on every surface when set. */
  token?: string | undefined;
  /** MONITORING_INGEST_TOKEN: when set, the only token that may ingest (POST /api/events, OTLP). */
  ingestToken?: string | undefined;
  /** MONITORING_ADMIN_TOKEN: when set, the only token that opens `admin` routes (it reads too). */
  adminToken?: string | undefined;
}

/**
 * What a route requires. `public`: nothing. `read`: MONITORING_TOKEN (or the admin token).
 * `ingest`: MONITORING_INGEST_TOKEN when set, otherwise MONITORING_TOKEN.
 * `admin`: MONITORING_ADMIN_TOKEN when set, otherwise MONITORING_TOKEN.
 * With no token configured for it, an access is open.
 */
export const ACCESS_LEVELS = ['public', 'read', 'ingest', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** Whether a presented token grants an access. With no tokens configured, everything is open. */
export function grants(tokens: AccessTokens, presented: string | undefined, access: Access): boolean {
  if (access === 'public') return true;
  if (access === 'ingest' && tokens.ingestToken) return tokenMatches(presented, tokens.ingestToken);
  if (access === 'admin' && tokens.adminToken) return tokenMatches(presented, tokens.adminToken);
  if (access === 'read' && tokens.adminToken && tokenMatches(presented, tokens.adminToken)) return true;
  if (!tokens.token) return true;
  return tokenMatches(presented, tokens.token);
}

/** The message of a refusal for want of `access` (the 401's body); it names what to send, never a token. */
export function refusalMessage(tokens: AccessTokens, access: Access): string {
  if (access === 'ingest') return 'a token that may write is required (Authorization: Bearer …)';
  if (access === 'admin' && tokens.adminToken) return 'the admin token is required (Authorization: Bearer … or ?token=)';
  return 'a valid token is required (Authorization: Bearer … or ?token=)';
}
