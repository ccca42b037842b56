/**
 * The event name of a Socket.IO packet as engine.io hands it over (`2["metrics_update",…]`,
 * `2/metrics,["topic_update",…]`, `21["history_chunk",…]` with an ack id, `51-[…]` binary),
 * or null for anything else (acks, connect packets, pings, binary attachments).
 */
const EVENT_PACKET = /^[25](?:\d+-)?(?:\/[^,]*,)?\d*\["((?:[^"\\]|\\.)*)"/;

export function frameEvent(data: unknown): string | null {
  if (typeof data !== 'string') return null;
  const m = EVENT_PACKET.exec(data);
  return m ? (m[1] as string) : null;
}

/** Byte length of an engine.io data frame (UTF-16 code units for text, as the wire nearly always carries ASCII JSON). */
export const frameLength = (data: unknown): number =>
  typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;

/**
 * Sizes of received frames by event, in arrival order: engine.io reports a frame before
 * Socket.IO dispatches its event (a tick later), so the handler of an event takes the
 * size of its own frame with `take`.
 */
export class FrameSizes {
  readonly #queues = new Map<string, number[]>();

  constructor(private readonly events: readonly string[]) {}

  /** Records a frame if it carries one of the events watched. */
  record(data: unknown): void {
    const event = frameEvent(data);
    if (event === null || !this.events.includes(event)) return;
    const queue = this.#queues.get(event) ?? [];
    queue.push(frameLength(data));
    this.#queues.set(event, queue);
  }

  /** The size of the oldest recorded frame of `event` not taken yet (0 when none). */
  take(event: string): number {
    return this.#queues.get(event)?.shift() ?? 0;
  }

  clear(): void {
    this.#queues.clear();
  }
}
