import { SSE_HEARTBEAT_SECONDS, SSE_RETRY_MS, type StreamQuery } from '@amiga/protocol';
import type { Response } from 'express';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { WindowFrame } from '../broadcaster/frame.js';
import type { Channel } from '../broadcaster/subscriber.js';
import type { Logger } from '../logging/logger.js';
import type { Handler } from './route.js';

/** A stream with more unsent bytes than this is behind: it gets nothing more until it catches up. */
const BEHIND_BYTES = 64 * 1024;

/** Each frame's Server-Sent Event, encoded once however many streams it goes to (and however many chunks). */
const events = new WeakMap<WindowFrame, Buffer>();

/** A frame as a Server-Sent Event: `id:` is its seq, `data:` the snapshot's JSON (one line: JSON has no raw newline). */
export function sseEvent(frame: WindowFrame): Buffer {
  let event = events.get(frame);
  if (!event) {
    event = Buffer.from(`id: ${frame.seq}\ndata: ${frame.json}\n\n`);
    events.set(frame, event);
  }
  return event;
}

/** Open SSE streams and the channel that writes one pre-encoded frame to all of them. */
export class SseStreams implements Channel {
  readonly #streams = new Map<string, Response>();
  #next = 0;

  constructor(private readonly onDelivered?: (bytes: number) => void) {}

  get size(): number {
    return this.#streams.size;
  }

  add(res: Response): string {
    const id = `sse-${++this.#next}`;
    this.#streams.set(id, res);
    return id;
  }

  remove(id: string): void {
    this.#streams.delete(id);
  }

  deliver(subscribers: readonly { id: string }[], frame: WindowFrame): void {
    const bytes = sseEvent(frame);
    this.onDelivered?.(bytes.length * subscribers.length);
    for (const { id } of subscribers) {
      this.#streams.get(id)?.write(bytes);
    }
  }

  isBehind(sub: { id: string }): boolean {
    const res = this.#streams.get(sub.id);
    return !!res && Math.max(res.writableLength, res.socket?.writableLength ?? 0) > BEHIND_BYTES;
  }

  evict(sub: { id: string }): void {
    this.#streams.get(sub.id)?.destroy();
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const res of this.#streams.values()) res.end();
    this.#streams.clear();
  }
}

/**
 * `GET /api/stream/metrics?hours=N&interval=S&agent=ID&machine=NAME`: the snapshot at once, then on each
 * change at most every S seconds; `id:` on every event, a heartbeat comment every
 * 15 s. `Last-Event-ID` is not trusted: a reconnecting client simply gets the current state.
 */
export function streamHandler(broadcaster: Broadcaster, streams: SseStreams, logger: Logger): Handler<StreamQuery> {
  return (_req, res, { query }) => {
    const { hours, interval } = query;
    const scope = { agent: query.agent, machine: query.machine };

    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write(`retry: ${SSE_RETRY_MS}\n\n`);

    const id = streams.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), SSE_HEARTBEAT_SECONDS * 1000);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      streams.remove(id);
      broadcaster.unsubscribe(id);
      logger.debug({ client: id }, 'sse stream closed');
    });
    logger.debug({ client: id, hours, interval, ...scope }, 'sse stream opened');
    broadcaster.subscribe(id, streams, hours, interval, false, scope).catch((err: unknown) => logger.error({ err }, 'sse subscribe failed'));
  };
}
