/** What came of one attempt to deliver. */
export type SendResult =
  | { ok: true }
  /** Worth trying again (network error, timeout, 5xx, 429); `retryAfterSeconds` when the endpoint said when. */
  | { ok: false; retry: true; error: string; retryAfterSeconds?: number }
  /** Will never work as it is (a 4xx other than 408 and 429: a wrong token, a deleted webhook, a refused body). */
  | { ok: false; retry: false; error: string };

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function retryAfterHeader(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** A response's text, shortened for a delivery's `last_error`. */
export const snippet = (text: string): string => {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 199)}…` : one;
};

/**
 * POSTs a JSON body. Never throws: a network error or a timeout is a result to retry.
 * `classify` reads a response the generic rules below do not settle (Telegram's `ok`).
 */
export async function postJson(url: string, body: unknown, o: { headers?: Record<string, string>; timeoutMs: number }): Promise<HttpResponse | { error: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'amiga-monitor-alerts', ...o.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
      redirect: 'error',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { error: `no answer within ${o.timeoutMs} ms` };
    return { error: `network error: ${e.cause?.code ?? e.cause?.message ?? e.message}` };
  }
}

/**
 * The generic reading of an answer: 2xx delivered; 429, 408 and 5xx retried (with the
 * endpoint's Retry-After, or `retryAfter` read from the body); other statuses permanent.
 */
export function classify(r: HttpResponse | { error: string }, bodyRetryAfter?: (text: string) => number | undefined): SendResult {
  if ('error' in r) return { ok: false, retry: true, error: r.error };
  if (r.status >= 200 && r.status < 300) return { ok: true };
  const error = `HTTP ${r.status}${r.text ? `: ${snippet(r.text)}` : ''}`;
  if (r.status === 429 || r.status === 408 || r.status >= 500) {
    const after = retryAfterHeader(r.headers.get('retry-after')) ?? bodyRetryAfter?.(r.text);
    return after === undefined ? { ok: false, retry: true, error } : { ok: false, retry: true, error, retryAfterSeconds: after };
  }
  return { ok: false, retry: false, error };
}

/** A number at `path` of a JSON text (`parameters.retry_after`), or undefined. */
export function jsonNumber(text: string, path: readonly string[]): number | undefined {
  try {
    let v: unknown = JSON.parse(text);
    for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
  } catch {
    return undefined;
  }
}
