import { API_PATHS, apiUrl, sessionPage, sessionPath, sessionsList, type SessionPage, type SessionsList } from '@amiga/protocol';
import { apiFetch } from '../lib/api';
import { sessionsApiQuery, type SessionFilters } from '../lib/sessions-url';

/** The message of a JSON error answer (`{error}`), else `HTTP <status>`. */
async function errorOf(res: Response): Promise<string> {
  if (res.status === 401) return 'the server refused the access token';
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  return typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
}

/** `GET /api/sessions` with the page's filters, from `cursor`; parsed with the protocol's schema. */
export async function fetchSessions(filters: SessionFilters, cursor: string | null, signal?: AbortSignal): Promise<SessionsList> {
  const res = await apiFetch(apiUrl(API_PATHS.sessions, sessionsApiQuery(filters, cursor)), { signal: signal ?? AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(await errorOf(res));
  const parsed = sessionsList.safeParse(await res.json());
  if (!parsed.success) throw new Error('the server sent sessions in a shape this dashboard does not know');
  return parsed.data;
}

/**
 * `GET /api/sessions/:id`: every request and tool call (following the cursors past the first
 * page of each), or null for an unknown id (404).
 */
export async function fetchSession(id: string, signal?: AbortSignal): Promise<SessionPage | null> {
  const read = async (query: { requests_cursor?: string; tools_cursor?: string }) => {
    const res = await apiFetch(apiUrl(API_PATHS.session, query).replace(API_PATHS.session, sessionPath(id)), { signal: signal ?? AbortSignal.timeout(15_000) });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(await errorOf(res));
    const parsed = sessionPage.safeParse(await res.json());
    if (!parsed.success) throw new Error('the server sent the session in a shape this dashboard does not know');
    return parsed.data;
  };
  const first = await read({});
  if (first === null) return null;
  let { next_requests_cursor: rc, next_tools_cursor: tc } = first;
  // At most 50 more pages of each (50,000 rows): enough for any session a browser can show.
  for (let i = 0; i < 50 && (rc !== null || tc !== null); i++) {
    const more = await read({ ...(rc !== null ? { requests_cursor: rc } : {}), ...(tc !== null ? { tools_cursor: tc } : {}) });
    if (more === null) break;
    if (rc !== null) first.requests.push(...more.requests);
    if (tc !== null) first.tools.push(...more.tools);
    rc = rc !== null ? more.next_requests_cursor : null;
    tc = tc !== null ? more.next_tools_cursor : null;
  }
  first.next_requests_cursor = rc;
  first.next_tools_cursor = tc;
  return first;
}
