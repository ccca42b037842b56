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

  it('a corrupt database file gives a clear log line, degraded health and 503 to writes, not a crash loop; the file is left as it was', async () => {
    const port = await freePort();
    const dbPath = path.join(dir, 'corrupt.db');
    fs.writeFileSync(dbPath, 'this is not a SQLite database, just some text '.repeat(200));
    const bytes = fs.readFileSync(dbPath);
    const mtime = fs.statSync(dbPath).mtimeMs;
    const server = run({ MONITORING_PORT: String(port), MONITORING_DB: dbPath, MONITORING_SOURCES: 'otlp' });
    const health = await waitHealthy(port);
    expect(health.status).toBe('degraded');
    expect(JSON.stringify(health.problems)).toContain(dbPath);
    expect(server.output()).toMatch(/cannot open the database/);
    const res = await fetch(`http://127.0.0.1:${port}/api/events`, { method: 'POST', body: '{"type":"activity","description":"still here"}' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const otlp = await fetch(`http://127.0.0.1:${port}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
      resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key: 'event.name', value: { stringValue: 'tool_result' } }, { key: 'tool_name', value: { stringValue: 'Read' } }] }] }] }],
    }) });
    expect(otlp.status).toBe(503);
    expect(otlp.headers.get('retry-after')).toMatch(/^\d+$/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(fs.readFileSync(dbPath).equals(bytes)).toBe(true);
    expect(fs.statSync(dbPath).mtimeMs).toBe(mtime);
  });
});
