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

/** Which tokens open what: `read` for dashboards, `write` for producers. */
export interface AccessTokens {
  /** MONITORING_TOKEN: required on every surface when set. */
  token?: string | undefined;
  /** MONITORING_INGEST_TOKEN: when set, the only token that may write (ingest, OTLP). */
  ingestToken?: string | undefined;
}

export type Access = 'read' | 'write';

/** Whether a presented token grants an access. With no tokens configured, everything is open. */
export function grants(tokens: AccessTokens, presented: string | undefined, access: Access): boolean {
  if (access === 'write' && tokens.ingestToken) return tokenMatches(presented, tokens.ingestToken);
  if (!tokens.token) return true;
  return tokenMatches(presented, tokens.token);
}
