import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadAlertsFile } from '../alerts/loader.js';
import { createApp, type App } from '../app.js';
import { manualClock } from '../clock.js';
import { testConfig } from '../config/config.js';
import { AlertEndpoints, channelsFor } from './alert-endpoints.js';

type ManualClock = ReturnType<typeof manualClock>;

export interface AlertsHarness {
  /** The local stand-ins for Telegram, Slack, Discord and the webhook (started before the tests). */
  readonly endpoints: AlertEndpoints;
  /** The clock the apps run on, set to now by each `start`. */
  readonly clock: ManualClock;
  /** Starts a server whose alerts file holds `rules` over the stand-ins' channels (closed after each test). */
  start(rules: unknown[]): Promise<App>;
}

/**
 * The setup the alerts integration suites share: stand-in endpoints for the file's tests, a rules
 * file per server in a temporary folder, quick retries, and the app closed after each test.
 */
export function alertsHarness(name: string): AlertsHarness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `amiga-${name}-`));
  const clock = manualClock(Math.floor(Date.now() / 1000));
  let endpoints: AlertEndpoints | undefined;
  let app: App | undefined;
  let files = 0;
  beforeAll(async () => {
    endpoints = await new AlertEndpoints().start();
  });
  afterAll(async () => {
    await endpoints?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    if (endpoints) endpoints.received.length = 0;
  });
  return {
    get endpoints(): AlertEndpoints {
      if (!endpoints) throw new Error('the alert endpoints start before the tests');
      return endpoints;
    },
    clock,
    async start(rules: unknown[]): Promise<App> {
      const file = path.join(dir, `alerts-${files++}.json`);
      fs.writeFileSync(file, JSON.stringify({ channels: channelsFor(this.endpoints.url), rules }));
      clock.set(Math.floor(Date.now() / 1000));
      const config = testConfig({
        alertsPath: file,
        alerts: loadAlertsFile(file),
        alertRetry: { firstMs: 100, maxMs: 2000, retryForSeconds: 3600, timeoutMs: 400 },
        alertTickMs: 100,
        publicUrl: 'https://monitor.example.com',
      });
      app = createApp({ config, clock });
      await app.listen();
      return app;
    },
  };
}
