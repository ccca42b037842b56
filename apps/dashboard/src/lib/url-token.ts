import { normalizeToken } from './token';

/**
 * Splits a `?token=` off a page address: the token (or null) and the address
 * without it, other parameters and the hash kept as they were.
 */
export function extractUrlToken(href: string): { token: string | null; cleaned: string } {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return { token: null, cleaned: href };
  const token = normalizeToken(url.searchParams.get('token'));
  url.searchParams.delete('token');
  return { token, cleaned: url.toString() };
}

/**
 * Takes a token given in the page address (`/?token=…`) once: returns it and drops
 * it from the address bar and the history entry, so it is not bookmarked or shared.
 */
export function takeUrlToken(): string | null {
  if (typeof window === 'undefined') return null;
  const { token, cleaned } = extractUrlToken(window.location.href);
  if (cleaned !== window.location.href) window.history.replaceState(window.history.state, '', cleaned);
  return token;
}
