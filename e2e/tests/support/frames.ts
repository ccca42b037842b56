import type { Page } from '@playwright/test';

/** A Socket.IO event frame as seen on the wire: `42["name",…]`, `42/metrics,["name",…]`, `421["name",…]` (with an ack id). */
const EVENT_FRAME = /^4[25](?:(\/[^,]*),)?\d*\["([^"]+)"/;

export interface Frame {
  dir: 'in' | 'out';
  /** Socket.IO event name. */
  event: string;
  /** Namespace (`/` unless the frame names one). */
  nsp: string;
  bytes: number;
  payload: string;
}

/** The event frames a page sends and receives over its WebSockets, kept from `watchSocketFrames` on. */
export interface FrameLog {
  readonly frames: readonly Frame[];
  /** Frames of one event received (default) or sent. */
  of(event: string, dir?: Frame['dir']): Frame[];
  /** For each event named: frames received and their average size in bytes. */
  summary(events: readonly string[]): Record<string, { count: number; avgBytes: number }>;
  clear(): void;
}

export function parseFrame(payload: string | Buffer, dir: Frame['dir']): Frame | null {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  const m = EVENT_FRAME.exec(text);
  if (!m) return null;
  return { dir, event: m[2] as string, nsp: m[1] ?? '/', bytes: Buffer.byteLength(text), payload: text };
}

export function watchSocketFrames(page: Page): FrameLog {
  let frames: Frame[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', (f) => {
      const frame = parseFrame(f.payload, 'in');
      if (frame) frames.push(frame);
    });
    ws.on('framesent', (f) => {
      const frame = parseFrame(f.payload, 'out');
      if (frame) frames.push(frame);
    });
  });
  const of = (event: string, dir: Frame['dir'] = 'in') => frames.filter((f) => f.event === event && f.dir === dir);
  return {
    get frames() {
      return frames;
    },
    of,
    summary(events) {
      return Object.fromEntries(
        events.map((event) => {
          const list = of(event);
          return [event, { count: list.length, avgBytes: list.length ? Math.round(list.reduce((s, f) => s + f.bytes, 0) / list.length) : 0 }];
        }),
      );
    },
    clear() {
      frames = [];
    },
  };
}
