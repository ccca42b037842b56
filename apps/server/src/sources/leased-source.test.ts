import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { testConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { LeasedSource } from './leased-source.js';
import type { Source, SourceContext } from './source.js';

/** A source that only records when it runs (the thing under test is the lease around it). */
class Recorder implements Source {
  readonly name = 'recorder';
  running = false;
  constructor(readonly log: string[], readonly node: string) {}
  async start(): Promise<void> {
    this.running = true;
    this.log.push(`${this.node} start`);
  }
  async stop(): Promise<void> {
    this.running = false;
    this.log.push(`${this.node} stop`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stores: Store[] = [];
const running: LeasedSource[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function setup(nodes: string[], ttlSeconds = 1) {
  const store = new SqliteStore({ path: ':memory:' });
  stores.push(store);
  const ctx: SourceContext = { config: testConfig(), store, clock: systemClock, logger: createLogger('silent'), ingest: (e, o) => store.ingest(e, o) };
  const log: string[] = [];
  const inners: Recorder[] = [];
  const sources = nodes.map(
    (node) =>
      new LeasedSource('recorder', () => {
        const r = new Recorder(log, node);
        inners.push(r);
        return r;
      }, { acquireLease: (...a) => store.acquireLease(...a), releaseLease: (...a) => store.releaseLease(...a) }, { name: 'folder', holder: node, ttlSeconds }),
  );
  running.push(...sources);
  return { ctx, log, inners, sources };
}

describe('LeasedSource', () => {
  it('runs the source on one node only, and hands it over when that node stops', async () => {
    const { ctx, log, sources } = setup(['a', 'b']);
    const [a, b] = sources as [LeasedSource, LeasedSource];
    await a.start(ctx);
    await b.start(ctx);
    await sleep(800); // two renewal rounds
    expect(log).toEqual(['a start']);
    expect(a.status()).toMatchObject({ lease: { held: true } });
    expect(b.status()).toMatchObject({ lease: { held: false }, state: 'standby' });

    await a.stop();
    await sleep(500); // b asks every third of the time to live
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    expect(b.status()).toMatchObject({ lease: { held: true, takeovers: 1 } });
  });

  it('takes over from a node that stopped renewing once its lease runs out, not before', async () => {
    const { ctx, log, sources } = setup(['b']);
    const b = sources[0] as LeasedSource;
    // Node a took the lease and died: nobody renews or releases it.
    expect(await ctx.store.acquireLease?.('folder', 'a', 1)).toBe(true);
    await b.start(ctx);
    await sleep(500);
    expect(log).toEqual([]);
    await sleep(1_000);
    expect(log).toEqual(['b start']);
  });

  it('stops the source when it cannot renew the lease in time', async () => {
    const { ctx, log, inners, sources } = setup(['a']);
    const a = sources[0] as LeasedSource;
    await a.start(ctx);
    expect(inners[0]?.running).toBe(true);
    await (ctx.store as SqliteStore).close(); // every renewal now fails
    await sleep(1_200);
    expect(inners[0]?.running).toBe(false);
    expect(log).toEqual(['a start', 'a stop']);
    stores.length = 0;
  });
});
