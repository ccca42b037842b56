import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig } from '../config/config.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { normalizeEvent } from '../ingest/normalize.js';
import { post, waitFor } from '../test-support/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-unopenable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(dbPath: string, storeRetryMs = 100): Promise<App> {
  app = createApp({ config: testConfig({ dbPath, sources: ['otlp'] }), storeRetryMs });
  await app.listen();
  return app;
}

type Health = { status: string; problems?: Record<string, string> };
const health = async (a: App) => (await (await fetch(`${a.url}/api/health`)).json()) as Health;
const postLogs = (a: App, body: unknown) => fetch(`${a.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const toolCalls = async (a: App) =>
  ((await (await fetch(`${a.url}/api/metrics/overview?hours=24`)).json()) as { tools: { total_calls: number; by_type: Record<string, number> } }).tools;

/** One OTLP tool_result record. */
const otlpTool = (tool: string, seq: number) => ({
  resourceLogs: [
    {
      scopeLogs: [
        {
          logRecords: [
            {
              timeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
              attributes: [
                { key: 'event.name', value: { stringValue: 'tool_result' } },
                { key: 'tool_name', value: { stringValue: tool } },
                { key: 'session.id', value: { stringValue: 'otlp-session' } },
                { key: 'event.sequence', value: { intValue: seq } },
              ],
            },
          ],
        },
      ],
    },
  ],
});

/** What a file is, to the byte and to the modification time. */
const fingerprint = (file: string) => {
  const stat = fs.statSync(file);
  return { sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex'), size: stat.size, mtimeMs: stat.mtimeMs };
};

/** Asserts the store refuses writes honestly: 503 with Retry-After on both the ingest API and OTLP. */
async function expectWritesRefused(a: App): Promise<void> {
  const events = await post(a, { type: 'tool_call', tool: 'Lost' });
  expect(events.status).toBe(503);
  expect(Number(events.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await events.json()).toMatchObject({ error: expect.stringMatching(/nothing was stored/) });
  const logs = await postLogs(a, otlpTool('Lost', 1));
  expect(logs.status).toBe(503);
  expect(Number(logs.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('a database that cannot be opened', () => {
  it('refuses writes with 503 + Retry-After, says why, leaves the corrupt file untouched, and picks up a good file put in its place', async () => {
    const dbPath = path.join(dir, 'corrupt.db');
    fs.writeFileSync(dbPath, 'this is not a SQLite database, just some text '.repeat(200));
    fs.utimesSync(dbPath, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const before = fingerprint(dbPath);
    const a = await start(dbPath);

    const degraded = await health(a);
    expect(degraded.status).toBe('degraded');
    expect(degraded.problems?.store).toContain(dbPath);
    expect(degraded.problems?.store).toMatch(/file is not a database/);
    await expectWritesRefused(a);
    // Reads go on: an empty store is what there is to show.
    expect((await toolCalls(a)).total_calls).toBe(0);
    // Several attempts to open it later, the file is exactly as it was, and nothing was put beside it.
    await new Promise((r) => setTimeout(r, 350));
    expect(fingerprint(dbPath)).toEqual(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('corrupt.db'))).toEqual(['corrupt.db']);

    // The operator restores a good file (with data in it) over the corrupt one.
    const good = path.join(dir, 'backup.db');
    const backup = new SqliteStore({ path: good });
    await backup.ingest([normalizeEvent({ type: 'tool_call', tool: 'Restored' }, { now: Date.now() / 1000 })]);
    await backup.close();
    fs.renameSync(good, dbPath);

    await waitFor(async () => (await health(a)).status === 'ok', 5_000, 'health ok after the file is replaced');
    expect((await toolCalls(a)).by_type).toEqual({ Restored: 1 });
    expect((await post(a, { type: 'tool_call', tool: 'After' })).status).toBe(202);
    expect((await postLogs(a, otlpTool('Otlp', 2))).status).toBe(200);
    expect((await toolCalls(a)).by_type).toEqual({ Restored: 1, After: 1, Otlp: 1 });
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/amiga_ingest_events_total\{via="api",result="unavailable"\} 1/);
    expect(metrics).toMatch(/amiga_ingest_events_total\{via="otlp",result="unavailable"\} 1/);
    expect(metrics).toMatch(/amiga_ingest_events_total\{via="api",result="accepted"\} 1/);

    // Acknowledged means durable: the writes are in the file after a restart.
    await a.close();
    app = undefined;
    const again = await start(dbPath);
    expect((await toolCalls(again)).by_type).toEqual({ Restored: 1, After: 1, Otlp: 1 });
  });

  it('a path that is a folder: 503, degraded, the folder left as it is', async () => {
    const folder = path.join(dir, 'a-folder.db');
    fs.mkdirSync(folder);
    const a = await start(folder);
    expect((await health(a)).problems?.store).toContain(folder);
    await expectWritesRefused(a);
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('a path under a regular file (a folder that cannot exist): 503, degraded, nothing created', async () => {
    const file = path.join(dir, 'plain-file');
    fs.writeFileSync(file, 'not a folder');
    const before = fingerprint(file);
    const a = await start(path.join(file, 'monitor.db'));
    expect((await health(a)).status).toBe('degraded');
    await expectWritesRefused(a);
    expect(fingerprint(file)).toEqual(before);
  });

  it('an explicit in-memory store (MONITORING_DB=:memory:) acknowledges, as documented', async () => {
    const a = await start(':memory:');
    expect((await health(a)).status).toBe('ok');
    expect((await post(a, { type: 'tool_call', tool: 'Memory' })).status).toBe(202);
    expect((await postLogs(a, otlpTool('Otlp', 1))).status).toBe(200);
  });
});

describe('a store that fails to write (disk full, database down)', () => {
  it('answers 503 with Retry-After on the ingest API and OTLP (not 500), degraded until a write succeeds', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    let failing = true;
    const ingest = store.ingest.bind(store);
    store.ingest = (events, options) => (failing ? Promise.reject(new Error('database or disk is full')) : ingest(events, options));
    app = createApp({ config: testConfig({ sources: ['otlp'] }), store });
    await app.listen();
    await expectWritesRefused(app);
    expect((await health(app)).problems?.['store-writes']).toMatch(/disk is full/);
    failing = false;
    expect((await post(app, { type: 'tool_call', tool: 'Back' })).status).toBe(202);
    expect((await health(app)).status).toBe('ok');
  });
});
