import { API_PATHS, SSE_RETRY_MS } from '@amiga/protocol';
import { updateLine, type Say } from './watch-lines.js';
import type { WatchOptions, Watcher } from './watch.js';

/** One Server-Sent Event: its `event` (default `message`), `id` and the joined `data` lines. */
export interface SseFrame {
  event: string;
  id?: string;
  data: string;
  retry?: number;
}

/** Splits an event stream into frames as text arrives (comments and empty frames skipped); keeps the tail. */
export class SseParser {
  #buffer = '';

  push(text: string): SseFrame[] {
    this.#buffer += text;
    const frames: SseFrame[] = [];
    let end: number;
    while ((end = this.#buffer.search(/\r?\n\r?\n/)) !== -1) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + (this.#buffer[end] === '\r' ? 4 : 2));
      const frame: SseFrame = { event: 'message', data: '' };
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'event') frame.event = value;
        else if (field === 'id') frame.id = value;
        else if (field === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
      }
      frame.data = data.join('\n');
      if (data.length > 0 || frame.retry !== undefined) frames.push(frame);
    }
    return frames;
  }
}

/**
 * An SSE watcher on `GET /api/stream/metrics` (fetch, so the token goes in a header): the
 * `subscribed` line once the first snapshot arrives, one line per snapshot, and a reconnect
 * after the server's `retry:` delay when the stream ends.
 */
export function watchSse(o: WatchOptions, say: Say, done: (code: number, why?: string) => void): Watcher {
  let subscribed = false;
  let closed = false;
  let updates = 0;
  let attempt = 0;
  let retryMs = SSE_RETRY_MS;
  let abort = new AbortController();
  const url = `${o.url}${API_PATHS.metricsStream}?hours=${o.hours}&interval=${o.interval}`;

  const open = async (): Promise<void> => {
    abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...(o.token ? { authorization: `Bearer ${o.token}` } : {}) }, signal: abort.signal });
    if (!res.ok || !res.body) {
      const body = (await res.text().catch(() => '')).slice(0, 200);
      const reason = /"error"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? body;
      // A refusal (401, 403, 404) will not change on retry.
      if (res.status < 500) return done(1, `cannot connect to ${o.url}: HTTP ${res.status} ${reason}`.trim());
      throw new Error(`HTTP ${res.status}`);
    }
    if (attempt > 0) say(`reconnected after ${attempt} attempt(s)`);
    attempt = 0;
    say(`connected transport=sse status=${res.status}`);
    const parser = new SseParser();
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      for (const frame of parser.push(decoder.decode(chunk as Uint8Array, { stream: true }))) {
        if (frame.retry !== undefined) retryMs = frame.retry;
        if (frame.event !== 'message' || frame.data === '') continue;
        let payload: unknown;
        try {
          payload = JSON.parse(frame.data);
        } catch {
          say(`invalid metrics_update: not JSON (${Buffer.byteLength(frame.data)} bytes)`);
          continue;
        }
        if (!subscribed) {
          subscribed = true;
          const hours = (payload as { window?: { hours?: unknown } }).window?.hours ?? o.hours;
          say(`subscribed hours=${String(hours)} update_interval=${o.interval}`);
        }
        say(updateLine(payload, Buffer.byteLength(frame.data)));
        updates += 1;
        if (o.count !== undefined && updates >= o.count) return done(0);
      }
    }
    if (!closed) say('disconnected stream ended');
  };

  const loop = async (): Promise<void> => {
    while (!closed) {
      try {
        await open();
      } catch (err) {
        if (closed) return;
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        say(`${subscribed ? 'disconnected' : 'connect_error'} ${cause?.code ?? cause?.message ?? (err as Error).message}${subscribed ? '' : ' (retrying)'}`);
      }
      if (closed) return;
      attempt += 1;
      await new Promise((r) => setTimeout(r, Math.min(retryMs, 5_000)));
      if (!closed) say(`reconnecting attempt=${attempt}`);
    }
  };
  void loop();
  return {
    get subscribed() {
      return subscribed;
    },
    close: () => {
      closed = true;
      abort.abort();
    },
  };
}
