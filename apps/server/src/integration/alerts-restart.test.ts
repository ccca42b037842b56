import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AlertsStatus } from '@amiga/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, runServer, waitHealthy, type ChildServer } from '../test-support/child.js';
import { sleep, waitFor } from '../test-support/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-alerts-restart-'));
const children: ChildServer[] = [];
afterAll(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A webhook receiver that answers 500 while `failing`, then 200; it counts each kind and keeps the bodies it took. */
class FlakyHook {
  failing = true;
  failed = 0;
  readonly accepted: Array<{ body: Record<string, unknown>; key: string | undefined }> = [];
  readonly #server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (this.failing) {
        this.failed++;
        res.writeHead(500).end('down for maintenance');
        return;
      }
      this.accepted.push({ body: JSON.parse(raw) as Record<string, unknown>, key: req.headers['idempotency-key'] as string | undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  url = '';
  async start(): Promise<this> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
    return this;
  }
  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }
}

describe('alerts: a restart in the middle of a retry', () => {
  it('kill -9 while a delivery waits to retry: the restarted server delivers it, exactly once', async () => {
    const hook = await new FlakyHook().start();
    const rules = path.join(dir, 'alerts.json');
    fs.writeFileSync(rules, JSON.stringify({ channels: { hook: { type: 'webhook', url: hook.url } }, rules: [{ name: 'task failed', when: { task_failed: {} }, notify: ['hook'] }] }));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      MONITORING_PORT: String(port),
      MONITORING_DB: path.join(dir, 'alerts.db'),
      MONITORING_ALERTS: rules,
      // The first retry comes 3 to 6 s after the failure (half to all of the first delay): the window the kill lands in.
      MONITORING_ALERT_RETRY_MS: '6000',
      MONITORING_ALERT_TIMEOUT_MS: '1000',
      MONITORING_ALERT_TICK_MS: '100',
    };
    const status = async () => (await fetch(`${base}/api/alerts`)).json() as Promise<AlertsStatus>;

    const first = runServer(env);
    children.push(first);
    await waitHealthy(port);
    const res = await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ type: 'task', id: 'nightly-42', status: 'failed', error: 'exit 2' }]) });
    expect(res.status).toBe(202);

    // The first attempt got a 500 and the outbox says so: pending, one attempt, a retry to come.
    await waitFor(async () => hook.failed === 1 && (await status()).deliveries[0]?.attempts === 1, 10_000, 'the failed first attempt recorded');
    const before = (await status()).deliveries;
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ channel: 'hook', status: 'pending', attempts: 1 });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(hook.failed).toBe(1); // killed before the retry
    expect(hook.accepted).toHaveLength(0);

    // The endpoint recovers; the server comes back on the same database.
    hook.failing = false;
    const second = runServer(env);
    children.push(second);
    await waitHealthy(port);
    await waitFor(() => hook.accepted.length === 1, 15_000, 'the delivery after the restart');
    expect(hook.accepted[0]!.body).toMatchObject({ notice: 'fired', rule: 'task failed', condition: 'task_failed', data: { task_id: 'nightly-42', error: 'exit 2' } });
    expect(hook.accepted[0]!.key).toBe(`amiga-alert-${String(hook.accepted[0]!.body.id)}`);

    // More commits re-evaluate the rule (the failure is still within its look-back): nothing is sent again.
    for (let i = 0; i < 3; i++) {
      await fetch(`${base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ type: 'tool_call', tool: 'Read' }]) });
      await sleep(300);
    }
    await sleep(1000);
    expect(hook.accepted).toHaveLength(1);
    expect(hook.failed).toBe(1);
    const after = (await status()).deliveries;
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before[0]!.id, channel: 'hook', status: 'delivered', attempts: 2 });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await hook.close();
  }, 60_000);
});
