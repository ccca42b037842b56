import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { NOW, windowOf } from '../../test-support/store-contract.js';
import { SqliteStore } from './sqlite-store.js';
import { MIGRATIONS } from './schema.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-scope-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The migration that records agents and machines (found by what it creates, not by its number). */
const SCOPES = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE scopes'));

describe('SQLite migration to agents and machines', () => {
  it('names data stored before it: Claude Code where it looks like it, else unknown, on the machine the store runs on', async () => {
    expect(SCOPES).toBeGreaterThan(0);
    const file = path.join(dir, 'legacy.db');
    const raw = new Database(file);
    for (const m of MIGRATIONS.slice(0, SCOPES)) raw.exec(m);
    raw.pragma(`user_version = ${SCOPES}`);
    const bucket = (w: number) => Math.floor((NOW - 120) / w) * w;
    // A transcript request (claude model, merged by its largest totals), a tool call, and an ingest request of another model.
    const put = raw.prepare('INSERT INTO events (ts, type, description, data) VALUES (?, ?, ?, ?)');
    put.run(NOW - 120, 'api_request', 'API request to claude-sonnet-4-5', JSON.stringify({ type: 'api_request', model: 'claude-sonnet-4-5', mergeMax: true }));
    put.run(NOW - 120, 'tool_call', 'Tool call: Read', JSON.stringify({ type: 'tool_call', tool: 'Read', callId: 'toolu_01' }));
    put.run(NOW - 110, 'api_request', 'API request to llama-3', JSON.stringify({ type: 'api_request', model: 'llama-3' }));
    raw.prepare('INSERT INTO sessions (id, project, model, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)').run('s1', '/p', 'claude-sonnet-4-5', NOW - 120, NOW - 120);
    for (const [table, w] of [['rollup_minute', 60], ['rollup_hour', 3600]] as const) {
      const roll = raw.prepare(`INSERT INTO ${table} (bucket, dim, key, requests, input_tokens, output_tokens, cost_usd, calls) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
      roll.run(bucket(w), 'm', 'claude-sonnet-4-5', 1, 100, 10, 0.5, 0);
      roll.run(bucket(w), 'm', 'llama-3', 1, 7, 7, 0, 0);
      roll.run(bucket(w), 't', 'Read', 0, 0, 0, 0, 1);
      roll.run(bucket(w), 's', 's1', 1, 100, 10, 0.5, 1);
    }
    raw.close();

    const store = new SqliteStore({ path: file, machine: 'old-laptop' });
    try {
      const all = await store.readWindow(windowOf(1));
      expect(all.models.map((m) => [m.model, m.requests])).toEqual([['claude-sonnet-4-5', 1], ['llama-3', 1]]);
      expect(all.tools).toEqual([{ tool: 'Read', calls: 1, failed: 0 }]);
      expect(Object.fromEntries((all.agents ?? []).map((a) => [a.name, [a.requests, a.toolCalls, a.sessions]]))).toEqual({ 'claude-code': [1, 1, 1], unknown: [1, 0, 0] });
      expect((all.machines ?? []).map((m) => [m.name, m.requests])).toEqual([['old-laptop', 2]]);
      expect(all.sessions).toEqual([expect.objectContaining({ sessionId: 's1', agent: 'claude-code', machine: 'old-laptop', requests: 1, toolCalls: 1 })]);
      const claude = await store.readWindow(windowOf(1, { agent: 'claude-code' }));
      expect(claude.models.map((m) => m.model)).toEqual(['claude-sonnet-4-5']);
      expect(claude.activity.map((a) => a.description)).toEqual(['Tool call: Read', 'API request to claude-sonnet-4-5']);
      expect((await store.readWindow(windowOf(1, { machine: 'old-laptop' }))).models).toHaveLength(2);
    } finally {
      await store.close();
    }
  });
});
