import http from 'node:http';
import https from 'node:https';

/**
 * The post of `amiga-monitor statusline`: the status-line JSON, as Claude Code wrote it, to the
 * monitor. Never throws and never takes longer than `timeoutMs`: a monitor that is down, slow or
 * refusing is the same as no monitor (the status line must not break or wait).
 */

/** The path of `POST /api/statusline/claude-code` (API_PATHS.statuslineClaudeCode; not imported, so the command loads no zod). */
export const STATUSLINE_PATH = '/api/statusline/claude-code';

/** How long the post may take, start to end, before it is dropped. */
export const POST_TIMEOUT_MS = 300;

export interface PostTarget {
  /** The monitor's base URL, like http://127.0.0.1:3000. */
  url: string;
  /** The ingest token, sent as a bearer token when set. */
  token?: string;
  /** `?machine=`: which machine the status line runs on. */
  machine: string;
}

/** Outcome of a post: the status code, or why there was none. */
export type PostOutcome = { status: number } | { failed: 'timeout' | 'error' | 'bad-url' };

export function postStatusLine(body: string, target: PostTarget, timeoutMs = POST_TIMEOUT_MS): Promise<PostOutcome> {
  let url: URL;
  try {
    url = new URL(`${target.url.replace(/\/+$/, '')}${STATUSLINE_PATH}`);
    url.searchParams.set('machine', target.machine);
  } catch {
    return Promise.resolve({ failed: 'bad-url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve({ failed: 'bad-url' });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  return new Promise((resolve) => {
    let req: http.ClientRequest | undefined;
    const timer = setTimeout(() => done({ failed: 'timeout' }), timeoutMs);
    function done(outcome: PostOutcome) {
      clearTimeout(timer);
      req?.destroy();
      resolve(outcome); // a second call is a no-op: a promise settles once
    }
    try {
      req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0 }));
        res.on('error', () => done({ status: res.statusCode ?? 0 }));
      });
      req.on('error', () => done({ failed: 'error' }));
      req.end(body);
    } catch {
      done({ failed: 'error' }); // a header Node refuses (a token with a newline, say)
    }
  });
}
