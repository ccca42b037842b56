import notepack from 'notepack.io';
import WebSocket from 'ws';
import { findMarker } from './marker.js';

export interface LightSocketOptions {
  /** `http://127.0.0.1:port` */
  base: string;
  /** Subscribe with this payload once the namespace is joined; null: stay unsubscribed. */
  subscribe: { hours: number; update_interval: number; delta?: boolean } | null;
  /** An update arrived whose newest change is `marker` (-1 if it carries none). */
  onUpdate(marker: number, at: number, bytes: number): void;
  onClose?(): void;
  /** Use the MessagePack path (binary Socket.IO packets) instead of the JSON one. */
  msgpack?: boolean;
  /** Offer permessage-deflate; bytes are then counted on the wire (compressed), not after inflating. */
  deflate?: boolean;
}

const METRICS_UPDATE = Buffer.from('metrics_update');

/**
 * A Socket.IO client reduced to what a load generator needs: engine.io v4 framing
 * over a raw WebSocket (answer pings, join `/` with `40`, emit `subscribe`) and a
 * byte search for the change marker in `42["metrics_update",…]` frames. No JSON parsing.
 */
export class LightSocket {
  ws: WebSocket | undefined;
  bytes = 0;
  updates = 0;
  ready = false;
  closed = false;
  #resolve: (() => void) | undefined;
  #joined = false;
  #wireSeen = 0;

  constructor(readonly o: LightSocketOptions) {}

  open(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.close();
        reject(new Error('connect timeout'));
      }, timeoutMs);
      this.#resolve = () => {
        clearTimeout(timer);
        this.ready = true;
        resolve();
      };
      const path = this.o.msgpack ? '/socket.io-msgpack/' : '/socket.io/';
      const url = `${this.o.base.replace(/^http/, 'ws')}${path}?EIO=4&transport=websocket`;
      const ws = new WebSocket(url, { perMessageDeflate: this.o.deflate ?? false, skipUTF8Validation: true });
      this.ws = ws;
      ws.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? this.#onBinary(data) : this.#onFrame(data)));
      ws.on('error', (err) => {
        clearTimeout(timer);
        if (!this.ready) reject(err);
      });
      ws.on('close', () => {
        const wasClosed = this.closed;
        this.closed = true;
        if (!wasClosed) this.o.onClose?.();
        clearTimeout(timer);
        if (!this.ready) reject(new Error('closed before ready'));
      });
    });
  }

  /** Bytes of this message: as received on the wire with deflate (everything read since the last message), else its length. */
  #size(data: Buffer): number {
    if (!this.o.deflate) return data.length;
    const read = (this.ws as unknown as { _socket?: { bytesRead: number } })?._socket?.bytesRead ?? 0;
    const size = read - this.#wireSeen;
    this.#wireSeen = read;
    return size;
  }

  #onFrame(data: Buffer): void {
    const size = this.#size(data);
    this.bytes += size;
    const type = data[0];
    if (type === 0x32 /* 2 ping */) return void this.ws?.send('3');
    if (type === 0x30 /* 0 open */) return void this.ws?.send(this.o.msgpack ? notepack.encode({ type: 0, nsp: '/' }) : '40');
    if (type !== 0x34 /* 4 message */) return;
    const packet = data[1];
    if (packet === 0x30 /* 40 namespace joined */) {
      if (this.o.subscribe) this.ws?.send(`42["subscribe",${JSON.stringify(this.o.subscribe)}]`);
      else this.#resolve?.();
      return;
    }
    if (packet !== 0x32 /* 42 event */) return;
    if (data.indexOf('"metrics_update"') === 3 || data.indexOf('"metrics_delta"') === 3) {
      this.updates += 1;
      this.o.onUpdate(findMarker(data), performance.now(), size);
      this.#resolve?.();
    }
  }

  /** A binary frame is one MessagePack Socket.IO packet: the first is the namespace ack, then events. */
  #onBinary(data: Buffer): void {
    this.bytes += data.length;
    if (!this.#joined) {
      this.#joined = true;
      if (this.o.subscribe) this.ws?.send(notepack.encode({ type: 2, nsp: '/', data: ['subscribe', this.o.subscribe] }));
      else this.#resolve?.();
      return;
    }
    if (data.indexOf(METRICS_UPDATE) >= 0) {
      this.updates += 1;
      this.o.onUpdate(findMarker(data), performance.now(), data.length);
      this.#resolve?.();
    }
  }

  /** Stops reading from the socket (a slow consumer), or resumes. */
  pause(paused: boolean): void {
    const raw = (this.ws as unknown as { _socket?: { pause(): void; resume(): void } })?._socket;
    if (paused) raw?.pause();
    else raw?.resume();
  }

  close(): void {
    this.closed = true;
    this.ws?.terminate();
  }
}
