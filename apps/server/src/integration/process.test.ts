import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runServer, waitHealthy } from '../test-support/child.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const run = runServer;

describe('the server process', () => {
  it('stops on an invalid configuration with a message naming the variable', async () => {
    const { output, exited } = run({ MONITORING_PORT: 'eighty' });
    expect(await exited).toBe(2);
    expect(output()).toContain('MONITORING_PORT');
  });

  it('shuts down cleanly on SIGTERM and keeps its data for the next start', async () => {
    const port = await freePort();
    const env = { MONITORING_PORT: String(port), MONITORING_DB: path.join(dir, 'm.db'), MONITORING_SOURCES: 'none' };
    const first = run(env);
    await waitHealthy(port);
    const res = await fetch(`http://127.0.0.1:${port}/api/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'tool_call', tool: 'Glob' }),
    });
    expect(res.status).toBe(202);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');

    const second = run(env);
    await waitHealthy(port);
    const overview = (await (await fetch(`http://127.0.0.1:${port}/api/metrics/overview`)).json()) as {
      tools: { by_type: Record<string, number> };
    };
    expect(overview.tools.by_type.Glob).toBe(1);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });

  it('a corrupt database file gives a clear log line and degraded health, not a crash loop', async () => {
    const port = await freePort();
    const dbPath = path.join(dir, 'corrupt.db');
    fs.writeFileSync(dbPath, 'this is not a SQLite database, just some text '.repeat(200));
    const server = run({ MONITORING_PORT: String(port), MONITORING_DB: dbPath });
    const health = await waitHealthy(port);
    expect(health.status).toBe('degraded');
    expect(JSON.stringify(health.problems)).toContain(dbPath);
    expect(server.output()).toMatch(/cannot open the database/);
    const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: '{"type":"activity","description":"still here"}' });
    expect(res.status).toBe(202);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
