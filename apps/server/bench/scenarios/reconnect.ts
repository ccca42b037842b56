import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LightSocket } from '../lib/light-socket.js';
import { pool, sleep } from '../lib/stats.js';
import { startTarget } from '../lib/targets.js';
import { background, changeEvent, post } from '../lib/workload.js';

/** A client that reconnects with jittered backoff and subscribes again, as the dashboard does. */
class ReconnectingClient {
  newest = -1;
  reconnects = 0;
  #socket: LightSocket | undefined;
  #stopped = false;

  constructor(readonly base: string) {}

  async start(): Promise<void> {
    this.#socket = new LightSocket({
      base: this.base,
      subscribe: { hours: 24, update_interval: 1 },
      onUpdate: (marker) => {
        if (marker > this.newest) this.newest = marker;
      },
      onClose: () => void this.#retry(),
    });
    await this.#socket.open();
  }

  async #retry(): Promise<void> {
    if (this.#stopped) return;
    for (let attempt = 0; !this.#stopped; attempt++) {
      await sleep(Math.random() * Math.min(2000, 250 * 2 ** attempt));
      try {
        await this.start();
        this.reconnects += 1;
        return;
      } catch {
        // server still down: back off and try again
      }
    }
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
  }
}

/** Restart the server under 5,000 subscribed clients: how long until all hold a fresh snapshot again? */
export async function reconnectStorm({ clients, cpu }: { clients: number; cpu: number }) {
  const dbPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-bench-')), 'reconnect.db');
  let server = await startTarget('amiga', { cpu, dbPath });
  const port = server.port;
  await post(server.base, background(2000));
  const all = Array.from({ length: clients }, () => new ReconnectingClient(server.base));
  let failures = 0;
  await pool(all, 200, async (c) => {
    try {
      await c.start();
    } catch {
      failures += 1;
    }
  });
  await post(server.base, changeEvent(1));
  await sleep(2_000);
  const before = all.filter((c) => c.newest === 1).length;

  const t0 = performance.now();
  await server.stop();
  server = await startTarget('amiga', { cpu, port, dbPath });
  const readyMs = performance.now() - t0;
  await post(server.base, changeEvent(2));
  let fresh = 0;
  let allFreshMs: number | undefined;
  while (performance.now() - t0 < 60_000) {
    fresh = all.filter((c) => c.newest >= 2).length;
    if (fresh === all.length - failures) {
      allFreshMs = performance.now() - t0;
      break;
    }
    await sleep(100);
  }
  const rss = server.rssMb();
  for (const c of all) c.stop();
  await server.stop();
  return {
    name: `reconnect-ws-${clients}`,
    clients_connected: clients - failures,
    connect_failures: failures,
    holding_latest_before_restart: before,
    server_back_after_ms: Math.round(readyMs),
    clients_fresh_after_restart: fresh,
    all_fresh_after_ms: allFreshMs === undefined ? null : Math.round(allFreshMs),
    reconnects: all.reduce((n, c) => n + c.reconnects, 0),
    server_rss_mb_after: rss,
    note: 'same port and database; "fresh" means holding the change made after the restart',
  };
}
