import * as grpc from '@grpc/grpc-js';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig, type Config } from '../config/config.js';
import { claudeLogRecords, exportWith, sdk } from '../test-support/otel-clients.js';
import { freePort } from '../test-support/child.js';
import { waitFor } from '../test-support/server.js';

/** The OTLP/gRPC receiver inside the real server, fed by the official -grpc exporter. */
const TOKEN = 'grpc-ingest-token-0123456789';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-otlp-grpc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(overrides: Partial<Config>, storeRetryMs?: number): Promise<{ app: App; grpc: string | null }> {
  app = createApp({ config: testConfig({ sources: ['otlp'], otlpGrpcPort: 0, ...overrides }), ...(storeRetryMs ? { storeRetryMs } : {}) });
  await app.listen();
  const status = await sources(app);
  return { app, grpc: status?.grpc ?? null };
}
const auth = { authorization: `Bearer ${TOKEN}` };
const sources = async (a: App) =>
  ((await (await fetch(`${a.url}/api/sources`, { headers: auth })).json()) as { sources: Array<{ name: string; status: { grpc: string | null; log_records: { accepted: number } } }> })
    .sources.find((s) => s.name === 'otlp')?.status;
const requests = async (a: App) =>
  ((await (await fetch(`${a.url}/api/metrics/overview?hours=24`, { headers: auth })).json()) as { claude_api: { total_requests: number } }).claude_api.total_requests;
const health = async (a: App) => (await (await fetch(`${a.url}/api/health`)).json()) as { status: string; problems?: Record<string, string> };

/** An exporter whose gRPC metadata carries `token` (none: no authorization). */
const exporter = (address: string, token?: string) => {
  const metadata = new grpc.Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return new sdk.logsGrpc.OTLPLogExporter({ url: `http://${address}`, metadata });
};

describe('the OTLP/gRPC receiver in the server', () => {
  it('counts Claude Code requests sent over gRPC exactly once, and refuses an export without the token', async () => {
    const { app: a, grpc } = await start({ token: TOKEN });
    expect(grpc).toMatch(/^127\.0\.0\.1:\d+$/);
    const records = await claudeLogRecords(12, 'grpc-session');
    const good = exporter(grpc as string, TOKEN);
    expect((await exportWith(good, records)).code).toBe(0);
    expect((await exportWith(good, records)).code).toBe(0);
    await good.shutdown();
    expect(await requests(a)).toBe(12);

    const anonymous = exporter(grpc as string);
    expect((await exportWith(anonymous, await claudeLogRecords(3, 'nobody'))).code).toBe(1);
    await anonymous.shutdown();
    expect(await requests(a)).toBe(12);
  });

  it('answers UNAVAILABLE while the database cannot be opened, and stores the retried export once it can', async () => {
    const dbPath = path.join(dir, 'grpc.db');
    fs.writeFileSync(dbPath, 'not a database '.repeat(100));
    const { app: a, grpc } = await start({ dbPath }, 100);
    const records = await claudeLogRecords(4, 'grpc-outage');
    const client = exporter(grpc as string);
    const refused = await exportWith(client, records);
    expect(refused.code).toBe(1);
    expect(String(refused.error)).toMatch(/UNAVAILABLE|14/);
    fs.rmSync(dbPath);
    await waitFor(async () => (await health(a)).status === 'ok', 10_000, 'the store to open');
    expect((await exportWith(client, records)).code).toBe(0);
    await client.shutdown();
    expect(await requests(a)).toBe(4);
  });

  it('starts without it, with degraded health that says why, when its port is taken', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const { app: a, grpc } = await start({ otlpGrpcPort: port });
      expect(grpc).toBeNull();
      const h = await health(a);
      expect(h.status).toBe('degraded');
      expect(h.problems?.['otlp-grpc']).toMatch(/cannot listen on 127\.0\.0\.1:\d+/);
      // The HTTP receiver still works.
      const res = await fetch(`${a.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
