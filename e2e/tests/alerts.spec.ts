import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { apiRequest, expect, test as base } from './support/fixtures.js';
import { HookServer } from './support/hook-server.js';

/**
 * Server alerts in the dashboard: a rules file (MONITORING_ALERTS) whose webhook channel is a
 * local HTTP server this spec starts; a failed task and a crossed budget show in the header,
 * the /alerts page lists their deliveries, "send test" reaches the receiver, and the browser
 * budget panel names the server rule.
 */
const test = base.extend<object, { hook: HookServer }>({
  hook: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter
    async ({}, use) => {
      const hook = await HookServer.start();
      await use(hook);
      await hook.close();
    },
    { scope: 'worker' },
  ],
  // A server of its own, with the rules file pointing at this worker's hook server.
  serverEnv: [
    async ({ hook }, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-e2e-alerts-'));
      const file = path.join(dir, 'alerts.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          channels: {
            hook: { type: 'webhook', url: `${hook.url}/alerts`, headers: { authorization: 'Bearer e2e-hook' } },
            broken: { type: 'webhook', url: `${hook.url}/gone` },
          },
          rules: [
            { name: 'task failed', when: { task_failed: {} }, notify: ['hook'] },
            { name: 'daily budget', when: { cost_over: { usd: 0.001, hours: 24 } }, notify: ['hook'] },
          ],
        }),
      );
      await use({ MONITORING_ALERTS: file, MONITORING_ALERT_TICK_MS: '500', MONITORING_ALERT_RETRY_MS: '200', MONITORING_ALERT_TIMEOUT_MS: '3000' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

const taskId = `e2e-fail-${Date.now()}`;

test('a failed task and a crossed budget reach the webhook, show in the header and on /alerts; send test reaches it too', async ({ page, server, hook }) => {
  await page.goto('/');
  await expect(page.getByTestId('budget-coverage')).toHaveText("A server rule 'daily budget' also alerts at $0.0010 / 24 h");
  await expect(page.getByTestId('budget-coverage')).toHaveAttribute('data-covered', 'true');
  await expect(page.getByTestId('alerts-count')).toHaveText('0');

  await server.post([
    { type: 'task', id: taskId, status: 'running', description: 'e2e build' },
    { type: 'task', id: taskId, status: 'failed', error: 'exit 1: tests failed' },
    apiRequest({ session_id: 'e2e-alerts' }),
  ]);

  // The receiver got one "fired" notice per rule, with the channel's header.
  await expect
    .poll(() => hook.received.filter((r) => r.body.notice === 'fired').map((r) => `${String(r.body.rule)}: ${String(r.body.title)}`).sort())
    .toEqual(['daily budget: Cost $0.0060 in the last 24 h: over the budget of $0.0010', `task failed: Task ${taskId} failed`]);
  expect(hook.received.every((r) => r.path === '/alerts' && r.headers.authorization === 'Bearer e2e-hook')).toBe(true);
  const beforeTests = hook.received.length;

  // The header: the budget is on, the failed task fired; both listed on click.
  await expect(page.getByTestId('alerts-count')).toHaveText('2');
  await page.getByTestId('alerts-badge').click();
  const items = page.getByTestId('header-alert');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toHaveAttribute('data-kind', 'active');
  await expect(items.nth(0)).toContainText('daily budget');
  await expect(items.nth(0)).toContainText(/since (just now|\d+s ago)/);
  await expect(items.nth(0)).toContainText('Cost: $0.0060');
  await expect(items.nth(1)).toHaveAttribute('data-kind', 'event');
  await expect(items.nth(1)).toContainText('task failed');
  await expect(items.nth(1)).toContainText(`Task ${taskId} failed`);

  // The page: rules, the active alerts and the deliveries, delivered.
  await page.getByRole('link', { name: 'Rules and delivery history' }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  const rules = page.getByTestId('alert-rules');
  await expect(rules.locator('tr[data-rule="task failed"]')).toContainText('a task fails');
  await expect(rules.locator('tr[data-rule="daily budget"]')).toContainText('cost reaches $0.0010 / 24 h');
  await expect(rules.locator('tr[data-rule="daily budget"]')).toContainText('hook');
  await expect(page.getByTestId('active-alerts').locator('tbody tr')).toHaveCount(2);
  const deliveries = page.getByTestId('alert-deliveries');
  await expect(deliveries.locator('thead th')).toHaveText(['Time', 'Rule', 'Notice', 'Channel', 'Status', 'Attempts', 'Error']);
  const failedRow = deliveries.getByTestId('delivery-row').filter({ hasText: 'task failed' });
  await expect(failedRow).toHaveCount(1);
  await expect(failedRow).toHaveAttribute('data-status', 'delivered');
  await expect(failedRow.locator('td')).toHaveText([/\d{2}:\d{2}:\d{2}/, 'task failed', 'fired', 'hook', 'delivered', '1', '']);
  await expect(deliveries.getByTestId('delivery-row').filter({ hasText: 'daily budget' })).toHaveAttribute('data-status', 'delivered');

  // Send test: the receiver gets the test message, the page says it was delivered and lists it.
  await page.getByTestId('send-test-hook').click();
  await expect(page.getByTestId('test-result-hook')).toHaveText('Delivered to hook');
  const tests = hook.received.slice(beforeTests).filter((r) => r.path === '/alerts');
  expect(tests).toHaveLength(1);
  expect(tests[0]!.body.notice).toBe('test');
  expect(tests[0]!.body.title).toBe('AMIGA Monitor can reach hook');
  await expect(deliveries.locator('tr[data-notice="test"]')).toHaveCount(1);
  await expect(deliveries.locator('tr[data-notice="test"] td').nth(1)).toHaveText('test');
  await expect(deliveries.locator('tr[data-notice="test"]')).toHaveAttribute('data-status', 'delivered');

  // A channel that answers 410: the test says it failed and why, the row shows the error, the page the problem.
  await page.getByTestId('send-test-broken').click();
  await expect(page.getByTestId('test-result-broken')).toHaveText(/^Failed: .*410/);
  expect(hook.received.filter((r) => r.path === '/gone')).toHaveLength(1);
  const brokenRow = deliveries.locator('tr[data-channel="broken"]');
  await expect(brokenRow).toHaveAttribute('data-status', 'failed');
  await expect(brokenRow.locator('td').nth(4)).toHaveText('failed');
  await expect(brokenRow.locator('td').nth(6)).toContainText('410');
  await expect(page.getByTestId('alerts-problem')).toContainText('channel broken');
});
