import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LightSocket } from '../../bench/lib/light-socket.js';
import { pool } from '../../bench/lib/stats.js';
import { changeEvent } from '../../bench/lib/workload.js';
import type { App } from '../app.js';
import { ingest, sleep, startServer } from '../test-support/server.js';

/**
 * A quick version of the fan-out benchmark, as a regression guard on the counters
 * (never on wall time): every change reaches every client, and each change costs
 * one snapshot computation and one broadcast, not one per client.
 */
const CLIENTS = 500;
const CHANGES = 8;

let app: App;
const sockets: LightSocket[] = [];
const seen: number[][] = [];

beforeAll(async () => {
  app = await startServer();
  await pool(
    Array.from({ length: CLIENTS }, (_, i) => i),
    100,
    async (i) => {
      seen[i] = [];
      const s = new LightSocket({
        base: app.url,
        subscribe: { hours: 24, update_interval: 1 },
        onUpdate: (marker) => seen[i]?.push(marker),
      });
      await s.open();
      sockets.push(s);
    },
  );
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await app.close();
});

describe(`fan-out to ${CLIENTS} clients`, () => {
  it('delivers every change to every client with one computation and one broadcast per change', async () => {
    const before = { ...app.broadcaster.stats };
    const minute = Math.floor(Date.now() / 60_000);
    for (let k = 1; k <= CHANGES; k++) {
      await ingest(app, changeEvent(k) as never);
      await sleep(1_050);
    }
    await sleep(1_000);
    const after = app.broadcaster.stats;

    const missed = seen.map((markers) => Array.from({ length: CHANGES }, (_, k) => k + 1).filter((k) => !markers.includes(k)).length);
    expect(missed.reduce((a, b) => a + b, 0)).toBe(0);
    expect(seen.every((markers) => markers.at(-1) === CHANGES)).toBe(true);

    const minutesPassed = Math.floor(Date.now() / 60_000) - minute;
    expect(after.computations - before.computations).toBeLessThanOrEqual(CHANGES + minutesPassed);
    expect(after.broadcasts - before.broadcasts).toBe(CHANGES);
    expect(after.deliveries - before.deliveries).toBe(CHANGES * CLIENTS);
    expect(after.heldBack - before.heldBack).toBe(0);
  }, 60_000);
});
