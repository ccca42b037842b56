import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runServer, waitHealthy } from '../test-support/child.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-durable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a 202 means the events are on disk', () => {
  it('kill -9 during a sustained ingest loses no acknowledged event', async () => {
    const port = await freePort();
    const env = { MONITORING_PORT: String(port), MONITORING_DB: path.join(dir, 'durable.db') };
    const first = runServer(env);
    await waitHealthy(port);

    // Four writers post batches of one task (named after the batch) and 199 tool calls.
    let acknowledged = 0;
    let stop = false;
    const acked = new Set<string>();
    const writer = async (w: number) => {
      for (let b = 0; !stop; b++) {
        const id = `w${w}-b${b}`;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/events`, {
            method: 'POST',
            body: JSON.stringify([{ type: 'task', id, status: 'completed' }, ...Array.from({ length: 199 }, () => ({ type: 'tool_call', tool: `writer-${w}` }))]),
          });
          if (res.status === 202) {
            acked.add(id);
            acknowledged += 200;
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged < 20_000) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(await first.exited).toBeNull();

    const second = runServer(env);
    await waitHealthy(port);
    const base = `http://127.0.0.1:${port}`;
    const overview = (await (await fetch(`${base}/api/metrics/overview?hours=1`)).json()) as { tools: { total_calls: number } };
    const { tasks } = (await (await fetch(`${base}/api/tasks?limit=500`)).json()) as { tasks: Array<{ id: string }> };
    const stored = new Set(tasks.map((t) => t.id));
    expect(acked.size).toBeLessThan(500);
    // Every acknowledged batch is there; a batch in flight at the kill is there whole or not at all.
    for (const id of acked) expect(stored.has(id), id).toBe(true);
    expect(overview.tools.total_calls).toBe(stored.size * 199);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);
});
