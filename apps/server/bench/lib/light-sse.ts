import http from 'node:http';
import { findMarker } from './marker.js';

/** An SSE consumer that only looks for the change marker in each `data:` event. */
export class LightSse {
  bytes = 0;
  updates = 0;
  #req: http.ClientRequest | undefined;

  constructor(
    readonly url: string,
    readonly onUpdate: (marker: number, at: number, bytes: number) => void,
  ) {}

  open(timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        this.close();
        reject(new Error('connect timeout'));
      }, timeoutMs);
      let pending = '';
      this.#req = http.get(this.url, { agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          this.bytes += chunk.length;
          pending += chunk;
          let end: number;
          while ((end = pending.indexOf('\n\n')) >= 0) {
            const block = pending.slice(0, end);
            pending = pending.slice(end + 2);
            if (!block.includes('data:')) continue;
            this.updates += 1;
            this.onUpdate(findMarker(block), performance.now(), block.length);
            if (!ready) {
              ready = true;
              clearTimeout(timer);
              resolve();
            }
          }
        });
      });
      this.#req.on('error', (err) => {
        clearTimeout(timer);
        if (!ready) reject(err);
      });
    });
  }

  close(): void {
    this.#req?.destroy();
  }
}
