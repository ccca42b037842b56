/** The dashboard's `/sessions/<id>` paths (no protocol import: the first bundle uses them). */

/** The page of one session in the dashboard: `/sessions/<id>` (URL-encoded). */
export const sessionPagePath = (id: string): string => `/sessions/${encodeURIComponent(id)}`;

/** The session id of a `/sessions/<id>` path, or null for any other path. */
export function sessionIdOfPath(path: string): string | null {
  const m = /^\/sessions\/([^/]+)\/?$/.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1] ?? '');
  } catch {
    return null;
  }
}
