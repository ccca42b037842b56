/**
 * The access token (MONITORING_TOKEN) for this browser tab: asked for once and kept
 * in sessionStorage, so it survives reloads but not the end of the session.
 */
const KEY = 'amiga-monitor:token';

/** The part of `Storage` used here (injected by the tests). */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const listeners = new Set<() => void>();

function session(): TokenStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled by the browser
  }
}

/** A token as the user typed or pasted it: trimmed, empty meaning none. */
export function normalizeToken(value: string | null | undefined): string | null {
  const token = value?.trim() ?? '';
  return token === '' ? null : token;
}

export function loadToken(storage: TokenStorage | null = session()): string | null {
  try {
    return normalizeToken(storage?.getItem(KEY));
  } catch {
    return null;
  }
}

export function saveToken(value: string, storage: TokenStorage | null = session()): void {
  const token = normalizeToken(value);
  try {
    if (token === null) storage?.removeItem(KEY);
    else storage?.setItem(KEY, token);
  } catch {
    // Storage full or disabled: nothing is kept.
  }
  for (const listener of listeners) listener();
}

export function clearToken(storage: TokenStorage | null = session()): void {
  saveToken('', storage);
}

/** Calls `listener` whenever the token is saved or cleared in this page; returns the unsubscribe function. */
export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `Authorization: Bearer …` when a token is known, else no header. */
export function authHeaders(token = loadToken()): Record<string, string> {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}
