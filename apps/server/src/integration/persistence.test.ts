import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, startServer } from '../test-support/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-persist-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('store persistence', () => {
  it('keeps every acknowledged event across a restart', async () => {
    const dbPath = path.join(dir, 'nested', 'monitor.db');
    const first = await startServer({ dbPath });
    await ingest(first, [
      { type: 'task', id: 'p1', status: 'running' },
      { type: 'task', id: 'p1', status: 'completed' },
      { type: 'api_request', model: 'claude-opus-4-1-20250805', input_tokens: 1000, output_tokens: 1000, session_id: 's', project: 'proj' },
      { type: 'tool_call', tool: 'Write', session_id: 's' },
    ]);
    const before = await (await fetch(`${first.url}/api/metrics/overview`)).json();
    await first.close();

    const second = await startServer({ dbPath });
    const after = await (await fetch(`${second.url}/api/metrics/overview`)).json();
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      tasks: { total: 1, completed: 1, running: 0 },
      costs: { opus_cost: 0.09, total_cost: 0.09 },
      tools: { total_calls: 1, by_type: { Write: 1 } },
    });
    await second.close();
  });
});
