import { API_PATHS, apiUrl } from '@amiga/protocol';
import { authHeaders } from './token';

/** `fetch` for the server's REST API (a URL built with `apiUrl`), with the access token (if any) as a Bearer header. */
export function apiFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
  return fetch(path, { cache: 'no-store', ...init, headers });
}

/**
 * Whether the server refuses us for want of a valid token: a cheap authenticated
 * request, for transports whose errors carry no status (EventSource). A network
 * failure or timeout is not an auth problem.
 */
export async function authRefused(timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await apiFetch(apiUrl(API_PATHS.metricsOverview, { hours: 1 }), { signal: AbortSignal.timeout(timeoutMs) });
    return res.status === 401;
  } catch {
    return false;
  }
}
