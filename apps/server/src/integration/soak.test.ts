import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { LightSocket } from '../../bench/lib/light-socket.js';
import { changeEvent } from '../../bench/lib/workload.js';
import { freePort, runServer, waitHealthy } from '../test-support/child.js';

/**
 * Soak: clients connect, subscribe, change intervals, refresh and leave in a loop
 * while events stream in. Run briefly in CI; `pnpm soak` runs it for 5 minutes
 * (SOAK_SECONDS). Afterwards no per-client state is left for the clients that left,
 * memory is flat, and the clients that stayed missed nothing.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 25);
const STAYERS = 50;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-soak-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`soak (${SECONDS} s)`, () => {
  it('churning clients leave no state behind, memory stays flat, staying clients miss nothing', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = runServer({
      MONITORING_PORT: String(port),
      MONITORING_DB: path.join(dir, 'soak.db'),
      MONITORING_LOG_LEVEL: 'warn',
      MONITORING_RATE_LIMIT: 'off',
      MONITORING_CONNECT_RATE: 'off',
      MONITORING_EVENT_RATE: 'off',
    });
    await waitHealthy(port);
    const pid = server.child.pid as number;

    const stayers = Array.from({ length: STAYERS }, () => ({ newest: -1, times: [] as number[] }));
    const sockets = await Promise.all(
      stayers.map(async (s) => {
        const socket = new LightSocket({
          base,
          subscribe: { hours: 24, update_interval: 1 },
          onUpdate: (marker, at) => {
            s.newest = Math.max(s.newest, marker);
            s.times.push(at);
          },
        });
        await socket.open();
        return socket;
      }),
    );

    let marker = 0;
    let churned = 0;
    let stop = false;
    const producer = (async () => {
      while (!stop) {
        await fetch(`${base}/api/events`, { method: 'POST', body: JSON.stringify(changeEvent(++marker)) });
        await sleep(200);
      }
    })();
    const churner = async () => {
      while (!stop) {
        const c = connect(base, { transports: [Math.random() < 0.8 ? 'websocket' : 'polling'], reconnection: false, forceNew: true });
        await new Promise<void>((resolve) => {
          c.once('connect', () => resolve());
          c.once('connect_error', () => resolve());
        });
        c.emit('subscribe', { hours: 1 + Math.floor(Math.random() * 168), update_interval: 1 + Math.floor(Math.random() * 5) });
        c.emit('set_interval', { interval: 1 + Math.floor(Math.random() * 10) });
        if (Math.random() < 0.5) c.emit('request_refresh', { hours: 1 + Math.floor(Math.random() * 168) });
        await sleep(100 + Math.random() * 900);
        c.disconnect();
        churned += 1;
      }
    };

    const start = performance.now();
    const churners = Array.from({ length: 8 }, churner);
    await sleep(Math.min(8, SECONDS / 3) * 1000);
    const rssWarm = rssMb(pid);
    await sleep(SECONDS * 1000 - (performance.now() - start));
    stop = true;
    await Promise.all([producer, ...churners]);
    const last = marker;
    const changesEnded = performance.now();
    await sleep(2_500);
    const rssEnd = rssMb(pid);

    const stats = (await (await fetch(`${base}/api/stats`)).json()) as { clients: number; subscribers: number; windows: number };
    console.log(JSON.stringify({ seconds: SECONDS, churned, changes: last, rss_warm_mb: Math.round(rssWarm), rss_end_mb: Math.round(rssEnd), stats }));

    expect(churned).toBeGreaterThan(SECONDS * 5);
    expect(stats.clients).toBe(STAYERS);
    expect(stats.subscribers).toBe(STAYERS);
    expect(stats.windows).toBe(1);
    expect(rssEnd).toBeLessThan(rssWarm * 1.25);
    for (const s of stayers) {
      expect(s.newest).toBe(last);
      // Changes came every 200 ms: a staying client (1 s interval) got an update at least every ~2 s.
      const during = s.times.filter((t) => t < changesEnded);
      const gaps = during.slice(1).map((t, i) => t - (during[i] as number));
      expect(Math.max(...gaps)).toBeLessThan(2_000);
    }
    for (const socket of sockets) socket.close();
    server.child.kill('SIGTERM');
    await server.exited;
  }, 120_000 + SECONDS * 1000);
});
