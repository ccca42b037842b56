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

    // Four writers post batches of 200 tool calls, each batch tagged with its own tool name.
    let acknowledged = 0;
    let stop = false;
    const acked = new Set<string>();
    const writer = async (w: number) => {
      for (let b = 0; !stop; b++) {
        const tool = `w${w}-b${b}`;
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/events`, {
            method: 'POST',
            body: JSON.stringify(Array.from({ length: 200 }, () => ({ type: 'tool_call', tool }))),
          });
          if (res.status === 202) {
            acked.add(tool);
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
    const overview = (await (await fetch(`http://127.0.0.1:${port}/api/metrics/overview?hours=1`)).json()) as {
      tools: { total_calls: number; by_type: Record<string, number> };
    };
    // Every acknowledged batch is there, whole; a batch in flight at the kill is there whole or not at all.
    for (const tool of acked) expect(overview.tools.by_type[tool], tool).toBe(200);
    for (const count of Object.values(overview.tools.by_type)) expect(count).toBe(200);
    expect(overview.tools.total_calls).toBeGreaterThanOrEqual(acknowledged);
    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);
});
