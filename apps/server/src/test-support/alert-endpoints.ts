import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request a stand-in endpoint received. */
export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** performance.now() when it arrived. */
  at: number;
  /** The status it was answered with (0: left hanging). */
  status: number;
}

/** How to answer one request: a status, headers and a body, or `hang` (never answer: a timeout). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/**
 * An HTTP server on 127.0.0.1 standing in for Telegram's Bot API, Slack and Discord webhooks
 * and a generic webhook: it records every request, and answers from a per-path script (then
 * with each service's own success answer).
 */
export class AlertEndpoints {
  readonly received: Received[] = [];
  readonly #script = new Map<string, Answer[]>();
  readonly #server: http.Server;
  #hanging: http.ServerResponse[] = [];
  url = '';

  constructor() {
    this.#server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        const path = req.url ?? '/';
        const answer = this.#script.get(path)?.shift() ?? success(path);
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          body = { raw };
        }
        this.received.push({ path, headers: req.headers, body, at: performance.now(), status: answer === 'hang' ? 0 : answer.status });
        if (answer === 'hang') return void this.#hanging.push(res);
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body ?? '');
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Answers the next requests to `path` with these, in order. */
  script(path: string, ...answers: Answer[]): void {
    this.#script.set(path, [...(this.#script.get(path) ?? []), ...answers]);
  }

  /** Requests to `path` that were answered with a 2xx. */
  accepted(path: string): Received[] {
    return this.received.filter((r) => r.path === path && r.status >= 200 && r.status < 300);
  }

  to(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Each service's answer to a message it took. */
function success(path: string): Answer {
  if (path.includes('/sendMessage')) return { status: 200, body: JSON.stringify({ ok: true, result: { message_id: 1 } }) };
  if (path.startsWith('/discord')) return { status: 204 };
  if (path.startsWith('/slack')) return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' };
  return { status: 200, body: '{}' };
}

/** Paths of the stand-ins, as the channels below post to them. */
export const PATHS = { telegram: '/bot123456:ABC/sendMessage', slack: '/slack/T000/B000/XXXX', discord: '/discord/api/webhooks/1/tok', webhook: '/hook' };

/** Channels pointed at `endpoints` (telegram's api_url, the webhooks' urls). */
export function channelsFor(base: string): Record<string, unknown> {
  return {
    ops: { type: 'telegram', bot_token: '123456:ABC', chat_id: '-100123456', api_url: base },
    team: { type: 'slack', url: `${base}${PATHS.slack}` },
    dev: { type: 'discord', url: `${base}${PATHS.discord}` },
    hook: { type: 'webhook', url: `${base}${PATHS.webhook}`, headers: { authorization: 'Bearer s3cret' } },
  };
}
