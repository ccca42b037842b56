import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLiveStoreContract } from '../../test-support/live-store-contract.js';
import { describeScopeContract } from '../../test-support/store-contract-scopes.js';
import { describeStoreContract, MACHINE, request } from '../../test-support/store-contract.js';
import { describeLimitsContract } from '../../test-support/store-contract-limits.js';
import { describeAlertStoreContract } from '../../test-support/alert-store-contract.js';
import { describeSessionsContract } from '../../test-support/store-contract-sessions.js';
import { describeTaskSessionsContract } from '../../test-support/store-contract-task-sessions.js';
import type { Store } from '../store.js';
import { SqliteStore } from './sqlite-store.js';

describeStoreContract('SqliteStore (in memory)', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));
describeLiveStoreContract('SqliteStore', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));

describeLimitsContract('SqliteStore (in memory)', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));
describeSessionsContract('SqliteStore (in memory)', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));
describeTaskSessionsContract('SqliteStore (in memory)', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-sqlite-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
describeStoreContract('SqliteStore (file)', async () => new SqliteStore({ path: path.join(dir, `store-${n++}.db`), synchronous: 'NORMAL', machine: MACHINE }));

describe('SqliteStore on disk', () => {
  it('keeps data, names and leases across a reopen', async () => {
    const file = path.join(dir, 'reopen.db');
    const first = new SqliteStore({ path: file });
    await first.ingest([request({ requestId: 'r1' })]);
    expect(await first.acquireLease('folder', 'node-a', 60)).toBe(true);
    await first.close();
    const again = new SqliteStore({ path: file });
    expect(await again.ingest([request({ requestId: 'r1' })])).toEqual({ stored: 0, duplicates: 1 });
    expect(await again.acquireLease('folder', 'node-b', 60)).toBe(false);
    expect((again as Store).status).toBeUndefined();
    await again.close();
  });
});

describe('SqliteStore and a file from a newer version', () => {
  it('refuses to open it and leaves it as it was', async () => {
    const file = path.join(dir, 'newer.db');
    const made = new SqliteStore({ path: file });
    await made.ingest([request({ requestId: 'r1' })]);
    await made.close();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(file);
    const newer = (raw.pragma('user_version', { simple: true }) as number) + 3;
    raw.pragma(`user_version = ${newer}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => new SqliteStore({ path: file })).toThrow(/schema version \d+, newer than this server's/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(newer);
    check.close();
  });
});

describeScopeContract('SqliteStore', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));
describeAlertStoreContract('SqliteStore (in memory)', async () => new SqliteStore({ path: ':memory:', machine: MACHINE }));
