import { test as base, expect, type Locator } from '@playwright/test';
import { MonitorProcess } from './server.js';

interface WorkerFixtures {
  /** Extra environment for the server; a spec sets it with `test.use({ serverEnv: … })` and gets a server of its own. */
  serverEnv: Record<string, string>;
  server: MonitorProcess;
}

/** Every test gets the running server; the page's baseURL points at it. */
export const test = base.extend<object, WorkerFixtures>({
  serverEnv: [{}, { scope: 'worker', option: true }],
  server: [
    async ({ serverEnv }, use) => {
      const server = await MonitorProcess.create(serverEnv);
      await server.start();
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    // A test may have stopped the server: every test starts with it running.
    await server.start();
    await use(server.url);
  },
});

export { expect };

/** The number a KPI shows (`1,234` → 1234, `$3.50` → 3.5). */
export async function kpiNumber(locator: Locator): Promise<number> {
  await expect(locator).not.toHaveText('—');
  const text = (await locator.textContent()) ?? '';
  return Number(text.replace(/[$,]/g, ''));
}

export const nowSeconds = () => Date.now() / 1000;

export const apiRequest = (extra: Record<string, unknown> = {}) => ({
  type: 'api_request',
  model: 'claude-sonnet-4-5',
  input_tokens: 1000,
  output_tokens: 200,
  session_id: 'e2e-session',
  project: 'e2e',
  ...extra,
});

export const toolCall = (tool = 'Read') => ({ type: 'tool_call', tool, session_id: 'e2e-session', project: 'e2e' });
