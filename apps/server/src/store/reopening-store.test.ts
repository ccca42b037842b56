import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { request } from '../test-support/store-contract.js';
import { waitFor } from '../test-support/server.js';
import { ReopeningStore } from './reopening-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { CommitOrigin, Store } from './store.js';
import { StoreUnavailableError } from './unavailable.js';

const logger = createLogger('silent');

/** An `open` that fails `failures` times, then opens an in-memory store. */
function flaky(failures: number) {
  const calls = { n: 0 };
  const open = (): Store => {
    calls.n += 1;
    if (calls.n <= failures) throw new Error('file is not a database');
    return new SqliteStore({ path: ':memory:' });
  };
  return { open, calls };
}

describe('ReopeningStore', () => {
  it('opens at once when it can, and is then the store itself', async () => {
    const store = new ReopeningStore({ open: flaky(0).open, what: 'the database x.db', logger });
    expect(store.isOpen).toBe(true);
    expect(store.status()).toBeNull();
    expect(await store.ingest([request({ requestId: 'r' })])).toEqual({ stored: 1, duplicates: 0 });
    expect(store.version).toBe(1);
    await store.close();
  });

  it('refuses writes while it cannot open, reads as empty, says why, and opens on a later attempt', async () => {
    const { open, calls } = flaky(3);
    const store = new ReopeningStore({ open, what: 'the database x.db', retryMs: 20, logger });
    const heard: CommitOrigin[] = [];
    store.onCommit((_, origin) => heard.push(origin));
    expect(store.status()).toMatch(/cannot open the database x\.db: file is not a database/);
    const refused = await store.ingest([request()]).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect((refused as StoreUnavailableError).retryAfterSeconds).toBe(1);
    expect((await store.readWindow({ since: 0, until: 60, bucketSeconds: 60, activityLimit: 5, sessionLimit: 5, taskLimit: 5 })).models).toEqual([]);
    // Positions are not known while it is not open: "none" would make a follower read everything again.
    await expect(store.readCursors('claude')).rejects.toBeInstanceOf(StoreUnavailableError);

    await waitFor(() => store.isOpen, 2_000, 'the store to open');
    expect(calls.n).toBe(4);
    expect(store.status()).toBeNull();
    // Readers are told to look again: what the file holds is readable now.
    expect(heard).toEqual(['remote']);
    expect(await store.ingest([request()])).toEqual({ stored: 1, duplicates: 0 });
    expect(heard).toEqual(['remote', 'local']);
    await store.close();
  });

  it('passes a series read its filter (the history of one agent or machine)', async () => {
    const store = new ReopeningStore({ open: flaky(0).open, what: 'the database x.db', logger });
    await store.ingest([request({ requestId: 'a', agent: 'codex', model: 'gpt-5' }), request({ requestId: 'b', agent: 'gemini-cli', model: 'gemini-2.5-pro' })]);
    const models = async (filter?: { agent?: string }) => (await store.readSeries(0, Number.MAX_SAFE_INTEGER, 60, filter)).models.map((m) => m.model);
    expect((await models()).sort()).toEqual(['gemini-2.5-pro', 'gpt-5']);
    expect(await models({ agent: 'codex' })).toEqual(['gpt-5']);
    expect(await models({ agent: 'nobody' })).toEqual([]);
    await store.close();
  });

  it('takes an asynchronous open, and stops trying once closed', async () => {
    let calls = 0;
    const store = new ReopeningStore({
      open: async () => {
        calls += 1;
        throw new Error('connection refused');
      },
      what: 'PostgreSQL',
      retryMs: 10,
      logger,
    });
    await waitFor(() => calls >= 2, 2_000, 'a second attempt');
    expect(store.status()).toMatch(/connection refused/);
    await store.close();
    const after = calls;
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(after);
  });
});
