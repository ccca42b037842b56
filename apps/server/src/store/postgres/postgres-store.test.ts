import { STORE_KEYS_LIMIT } from '@amiga/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../event.js';
import { describeAlertStoreContract } from '../../test-support/alert-store-contract.js';
import { startPostgres, type PostgresService } from '../../test-support/services/postgres.js';
import { describeLiveStoreContract } from '../../test-support/live-store-contract.js';
import { describeScopeContract } from '../../test-support/store-contract-scopes.js';
import { SqliteStore } from '../sqlite/sqlite-store.js';
import { activity, apiError, describeStoreContract, MACHINE, NOW, request, rounded, task, tool, windowOf } from '../../test-support/store-contract.js';
import { describeLimitsContract } from '../../test-support/store-contract-limits.js';
import { describeSessionsContract } from '../../test-support/store-contract-sessions.js';
import { describeTaskSessionsContract } from '../../test-support/store-contract-task-sessions.js';
import type { CommitOrigin, Store } from '../store.js';
import { byKey } from '../order.js';
import { foldTasks } from '../task-fold.js';
import { PostgresStore } from './postgres-store.js';
import { MIGRATIONS } from './schema.js';

let server: PostgresService;
beforeAll(async () => {
  server = await startPostgres();
}, 300_000); // installs PostgreSQL first when it is missing
afterAll(async () => {
  await server?.destroy();
}, 60_000);

let databases = 0;
/** A new, empty database (a few tens of milliseconds). */
const freshDatabase = () => server.createDatabase(`store_${databases++}`);

describeStoreContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeScopeContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeLiveStoreContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeAlertStoreContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeLimitsContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeSessionsContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));
describeTaskSessionsContract('PostgresStore', async () => PostgresStore.open({ url: await freshDatabase(), poolSize: 4, machine: MACHINE }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A deterministic stream of every kind of event, with duplicates, growing repeats, late arrivals and odd times. */
function stream(seed: number, count: number): StoredEvent[] {
  let x = seed;
  const rnd = () => ((x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  const ages = [5, 59, 61, 600, 3_599, 3_601, 5 * 3600 + 17, 30 * 3600, 200 * 3600];
  const events: StoredEvent[] = [];
  for (let i = 0; i < count; i++) {
    const ts = NOW - pick(ages) - Math.floor(rnd() * 100) / 7;
    const sessionId = pick(['s1', 's2', 's3', null]);
    const k = rnd();
    if (k < 0.3) {
      events.push(request({ ts, sessionId, project: pick(['/a', '/b', null]), model: pick(['m-a', 'm-b', 'm-c']), requestId: pick([null, `r${Math.floor(rnd() * 40)}`]), inputTokens: Math.floor(rnd() * 1e6), costUsd: pick([null, rnd()]) }));
    } else if (k < 0.45) {
      const id = `mm${Math.floor(rnd() * 30)}`;
      events.push(request({ ts, sessionId, requestId: id, mergeMax: true, model: pick(['m-a', 'm-d']), outputTokens: Math.floor(rnd() * 500), cacheReadTokens: Math.floor(rnd() * 5), costUsd: pick([null, rnd()]), description: `mm ${i}` }));
    } else if (k < 0.65) {
      events.push(tool({ ts, sessionId, tool: pick(['Read', 'Bash', 'Edit']), success: pick([true, false, null]), callId: pick([null, `c${Math.floor(rnd() * 50)}`]) }));
    } else if (k < 0.8) {
      events.push(task(`t${Math.floor(rnd() * 15)}`, pick(['pending', 'running', 'completed', 'failed'] as const), ts, { taskDescription: pick([null, `d${i}`]), costUsd: pick([null, rnd()]), error: pick([null, 'boom']) }));
    } else if (k < 0.9) {
      events.push(apiError({ ts, model: pick(['m-a', null]), errorId: pick([null, `e${Math.floor(rnd() * 20)}`]) }));
    } else events.push(activity(`activity ${i}`, ts));
  }
  return events;
}

describe('PostgresStore and SqliteStore', () => {
  it('give the same results for the same events', async () => {
    const sqlite = new SqliteStore({ path: ':memory:' });
    const postgres = await PostgresStore.open({ url: await freshDatabase() });
    try {
      const events = stream(7, 3_000);
      let x = 1;
      const seen = { stored: 0, duplicates: 0, merged: 0 };
      for (let i = 0; i < events.length; ) {
        const size = 1 + (x = (x * 7_919) % 211);
        const batch = events.slice(i, i + size);
        const cursors = [{ source: 'src', path: `/f${i % 3}`, ino: '1:1', offset: i }];
        const result = await sqlite.ingest(batch, { cursors });
        expect(await postgres.ingest(batch, { cursors })).toEqual(result);
        seen.stored += result.stored;
        seen.duplicates += result.duplicates;
        seen.merged += result.merged ?? 0;
        i += size;
      }
      // The stream exercises every path.
      expect(seen.duplicates).toBeGreaterThan(100);
      expect(seen.merged).toBeGreaterThan(20);
      for (const hours of [1, 6, 24, 168, 720]) {
        const q = windowOf(hours, { staleBefore: NOW - 1_800, activityLimit: 40, sessionLimit: 2, taskLimit: 10 });
        const expected = await sqlite.readWindow(q);
        expect(rounded(await postgres.readWindow(q))).toEqual(rounded(expected));
        if (hours === 168) {
          expect(expected.models.length * expected.tools.length * expected.sessions.length * expected.activity.length).toBeGreaterThan(0);
          expect(expected.recentTasks.length * (expected.apiErrors ?? 0)).toBeGreaterThan(0);
        }
      }
      for (const [from, to, bs] of [
        [NOW - 7_200, NOW + 60, 60],
        [NOW - 48 * 3600, NOW + 3600, 3600],
        [NOW - 100 * 3600 + 17, NOW - 17, 7200],
      ] as const) {
        const f = Math.floor(from / 60) * 60;
        const t = Math.floor(to / 60) * 60;
        expect(rounded(await postgres.readSeries(f, t, bs))).toEqual(rounded(await sqlite.readSeries(f, t, bs)));
      }
      for (const status of [undefined, 'running', 'stale', 'completed'] as const) {
        const q = { status, limit: 20, staleBefore: NOW - 3600 };
        expect(await postgres.listTasks(q)).toEqual(await sqlite.listTasks(q));
      }
      expect(await postgres.readCursors('src')).toEqual(await sqlite.readCursors('src'));
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });
});

describe('PostgresStore', () => {
  it('returns numbers as JS numbers, BIGINT sums included', async () => {
    const store = await PostgresStore.open({ url: await freshDatabase() });
    try {
      const big = 4_000_000_000_000;
      await store.ingest([request({ inputTokens: big }), request({ inputTokens: big })], { cursors: [{ source: 's', path: '/p', ino: '1', offset: 2 ** 40 }] });
      const w = await store.readWindow(windowOf(1));
      expect(w.models[0]?.inputTokens).toBe(2 * big);
      expect(w.sessionCount).toBe(0);
      expect(typeof w.taskCounts.running).toBe('number');
      expect((await store.readCursors('s'))[0]?.offset).toBe(2 ** 40);
    } finally {
      await store.close();
    }
  });

  it('stores text PostgreSQL cannot hold (U+0000) with U+FFFD instead of failing the batch', async () => {
    const store = await PostgresStore.open({ url: await freshDatabase() });
    try {
      const call = tool({ tool: 'Re\u0000ad', callId: 'a\u0000' });
      expect(await store.ingest([call, activity('x\u0000y')])).toEqual({ stored: 2, duplicates: 0 });
      expect(await store.ingest([call])).toEqual({ stored: 0, duplicates: 1 });
      const w = await store.readWindow(windowOf(1));
      expect(w.tools).toEqual([{ tool: 'Re\uFFFDad', calls: 1, failed: 0 }]);
      expect(w.activity.map((a) => a.description)).toContain('x\uFFFDy');
    } finally {
      await store.close();
    }
  });

  it('runs migrations once when three nodes start at once on an empty database', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(['a', 'b', 'c'].map((nodeId) => PostgresStore.open({ url, nodeId })));
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM schema_version');
      await client.end();
      expect(rows).toEqual([{ version: MIGRATIONS.length }]);
      expect(stores.map((s) => s.status())).toEqual([null, null, null]);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('leaves no timers or connections behind when closed', async () => {
    const url = await freshDatabase();
    const count = (type: string) => process.getActiveResourcesInfo().filter((r) => r === type).length;
    const before = { timers: count('Timeout'), sockets: count('TCPSocketWrap') };
    const store = await PostgresStore.open({ url });
    await store.ingest([activity('x')]);
    await store.readWindow(windowOf(1));
    expect(count('TCPSocketWrap')).toBeGreaterThan(before.sockets); // the measure sees the store's connections
    await store.close();
    await sleep(50);
    // At most as many as before (a timer of an earlier test may have ended meanwhile).
    expect(count('Timeout')).toBeLessThanOrEqual(before.timers);
    expect(count('TCPSocketWrap')).toBeLessThanOrEqual(before.sockets);
    expect(store.status()).toBe('closed');
  });

  describe('two nodes on one database', () => {
    let a: PostgresStore;
    let b: PostgresStore;
    let url: string;
    beforeAll(async () => {
      url = await freshDatabase();
      [a, b] = await Promise.all([PostgresStore.open({ url, nodeId: 'node-a' }), PostgresStore.open({ url, nodeId: 'node-b' })]);
    });
    afterAll(async () => {
      await Promise.all([a?.close(), b?.close()]);
    });
    const requestsOf = async (s: Store) => (await s.readWindow(windowOf(1))).models.reduce((n, m) => n + m.requests, 0);

    it('count each request id, tool call id and mergeMax request once when both ingest them at once', async () => {
      const batch = (node: string, b: number) => [
        ...Array.from({ length: 40 }, (_, i) => request({ requestId: `dup-${(b * 13 + i) % 100}`, sessionId: `s${i % 5}`, model: 'shared' })),
        ...Array.from({ length: 10 }, (_, i) => tool({ callId: `call-${(b * 3 + i) % 30}`, tool: 'Shared' })),
        // Both nodes report the same responses with different growth: each keeps the largest.
        ...Array.from({ length: 10 }, (_, i) => request({ requestId: `grow-${i}`, mergeMax: true, model: 'growing', outputTokens: node === 'a' ? b + i : 2 * b, sessionId: `s${i % 5}` })),
      ];
      const results = await Promise.all([
        ...Array.from({ length: 12 }, (_, i) => a.ingest(batch('a', i))),
        ...Array.from({ length: 12 }, (_, i) => b.ingest(batch('b', i))),
      ]);
      const total = (f: 'stored' | 'duplicates') => results.reduce((n, r) => n + r[f], 0);
      expect(total('stored')).toBe(100 + 30 + 10);
      const w = await b.readWindow(windowOf(1));
      const byModel = Object.fromEntries(w.models.map((m) => [m.model, m]));
      expect(byModel.shared?.requests).toBe(100);
      expect(w.tools).toEqual([{ tool: 'Shared', calls: 30, failed: 0 }]);
      // grow-i ends at the largest output any report had: max(11 + i, 22).
      expect(byModel.growing).toMatchObject({ requests: 10 });
      expect(byModel.growing?.outputTokens).toBe(Array.from({ length: 10 }, (_, i) => Math.max(11 + i, 22)).reduce((x, y) => x + y, 0));
      expect(await requestsOf(a)).toBe(110);
    });

    it('fold concurrent updates of the same tasks into the row one node alone would leave (latest status, widest times)', async () => {
      const statuses = ['pending', 'running', 'completed', 'failed'] as const;
      // Every event has its own time, so the latest status and the times do not depend on commit order.
      const batch = (node: number, b: number) =>
        Array.from({ length: 12 }, (_, i) => task(`shared-task-${(b + i) % 8}`, statuses[(node + b + i) % 4] as (typeof statuses)[number], NOW - 3000 + b * 100 + i * 2 + node));
      const batches = [0, 1].flatMap((node) => Array.from({ length: 10 }, (_, b) => ({ node, events: batch(node, b) })));
      await Promise.all(batches.map(({ node, events }) => (node === 0 ? a : b).ingest(events)));
      const expected = foldTasks(batches.flatMap((x) => x.events));
      const listed = await b.listTasks({ limit: 100, staleBefore: 0 });
      const stored = listed.filter((t) => t.id.startsWith('shared-task-')).sort((x, y) => byKey(x.id, y.id));
      expect(stored.map((t) => ({ id: t.id, status: t.status, created_at: t.created_at, updated_at: t.updated_at, started_at: t.started_at, ended_at: t.ended_at }))).toEqual(
        expected.map((t) => ({ id: t.id, status: t.status, created_at: t.createdAt, updated_at: t.updatedAt, started_at: t.startedAt, ended_at: t.endedAt })),
      );
    });

    it('bound the distinct names together, whichever node sees them first', async () => {
      const names = (node: string, from: number) => Array.from({ length: 300 }, (_, i) => request({ model: `${node}-${from + i}`, ts: NOW - 7200 }));
      await Promise.all([0, 300, 600, 900].flatMap((from) => [a.ingest(names('a', from)), b.ingest(names('b', from))]));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM store_names WHERE dim = 'm'");
      const distinct = await client.query<{ n: string }>("SELECT COUNT(DISTINCT key) AS n FROM rollup_hour WHERE dim = 'm'");
      await client.end();
      expect(Number(rows[0]?.n)).toBe(STORE_KEYS_LIMIT);
      // The names of the previous test and (other) are in the rollups too.
      expect(Number(distinct.rows[0]?.n)).toBe(STORE_KEYS_LIMIT + 1);
      const w = await a.readWindow(windowOf(6));
      expect(w.models.reduce((n, m) => n + m.requests, 0)).toBe(2_400 + 110);
    });

    it('tell each other of commits: the other node hears "remote" within 200 ms, the committing node "local"', async () => {
      const heardA: CommitOrigin[] = [];
      const heardB: Array<{ origin: CommitOrigin; events: number; at: number }> = [];
      const offA = a.onCommit((_, origin) => heardA.push(origin));
      const offB = b.onCommit((events, origin) => heardB.push({ origin, events: events.length, at: performance.now() }));
      try {
        const versionB = b.version;
        const t0 = performance.now();
        await a.ingest([activity('from a')]);
        await until(() => heardB.length > 0, "B's notice", 1_000);
        expect(heardB[0]).toMatchObject({ origin: 'remote', events: 0 });
        expect((heardB[0]?.at as number) - t0).toBeLessThan(200);
        expect(b.version).toBe(versionB + 1);
        await sleep(100);
        expect(heardA).toEqual(['local']);
        // Duplicates only: no commit, no notice.
        await a.ingest([tool({ callId: 'call-1' })]);
        await sleep(100);
        expect(heardB).toHaveLength(1);
      } finally {
        offA();
        offB();
      }
    });

    it('coalesce a burst of notices', async () => {
      let calls = 0;
      const off = b.onCommit(() => (calls += 1));
      try {
        await Promise.all(Array.from({ length: 30 }, (_, i) => a.ingest([activity(`burst ${i}`)])));
        await sleep(300);
        expect(calls).toBeGreaterThan(0);
        expect(calls).toBeLessThanOrEqual(30);
      } finally {
        off();
      }
    });

    it('hold a lease against each other on the database clock', async () => {
      expect(await a.acquireLease('folder', 'node-a', 5)).toBe(true);
      expect(await b.acquireLease('folder', 'node-b', 5)).toBe(false);
      await a.releaseLease('folder', 'node-a');
      expect(await b.acquireLease('folder', 'node-b', 5)).toBe(true);
    });

    // Last: it restarts the server under every store of the file.
    it('recover when PostgreSQL restarts: status reports the outage, writes work again, the change feed comes back', async () => {
      const remote: number[] = [];
      const off = b.onCommit((_, origin) => origin === 'remote' && remote.push(performance.now()));
      try {
        await server.stop();
        await until(() => a.status() !== null && b.status() !== null, 'status to report the outage');
        expect(a.status()).toMatch(/change feed|database/);
        await expect(a.ingest([activity('while down')])).rejects.toThrow();
        expect(a.status()).not.toBeNull();

        await server.start();
        // The pool opens new connections on demand; the change feed reconnects with backoff.
        await until(async () => (await a.ingest([activity('back')]).then(() => true, () => false)), 'a write to succeed', 15_000);
        await until(() => a.status() === null && b.status() === null, 'health to come back', 15_000);
        // B's feed reconnected (a notice it may have missed counts as one), and hears A again.
        await until(() => remote.length > 0, "B's reconnect notice", 1_000);
        const heard = remote.length;
        await sleep(100);
        await a.ingest([activity('after restart')]);
        await until(() => remote.length > heard, "A's notice after the restart", 1_000);
        const w = await b.readWindow(windowOf(1));
        expect(w.activity.map((x) => x.description)).toEqual(expect.arrayContaining(['back', 'after restart']));
        expect(w.activity.map((x) => x.description)).not.toContain('while down');
      } finally {
        off();
      }
    }, 60_000);
  });
});
