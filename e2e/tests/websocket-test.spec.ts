import type { Page } from '@playwright/test';
import { expect, test, toolCall } from './support/fixtures.js';

/** Log lines of one direction whose event name is exactly `event`. */
const logLine = (page: Page, dir: 'in' | 'out' | 'sys', event: string) =>
  page.getByTestId('ws-event-log').locator(`li.log-${dir}`).filter({ has: page.locator('.event-name', { hasText: new RegExp(`^${event}$`) }) });

test('every button of /websocket-test does what it says, and the log shows it', async ({ page, server }) => {
  await page.goto('/websocket-test');
  await expect(page.getByTestId('ws-status')).toHaveText('disconnected');

  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await expect(logLine(page, 'in', 'connected')).toHaveCount(1);
  await expect(page.getByTestId('ws-client-id')).not.toHaveText('—');
  await expect(page.getByTestId('ws-transport')).toHaveText('websocket');

  await page.getByTestId('ws-hours').fill('6');
  await page.getByTestId('ws-interval').fill('1');
  await page.getByTestId('ws-subscribe').click();
  await expect(logLine(page, 'out', 'subscribe')).toContainText('{"hours":6,"update_interval":1}');
  await expect(logLine(page, 'in', 'subscribed')).toContainText('"update_interval":1');
  await expect(logLine(page, 'in', 'metrics_update').first()).toContainText('window 6h');
  await expect(page.getByTestId('ws-latest')).toContainText('"overview"');

  await page.getByTestId('ws-refresh').click();
  await expect(logLine(page, 'out', 'request_refresh')).toContainText('{"hours":6}');
  await expect(page.getByTestId('ws-rtt')).toHaveText(/^\d+ ms$/);

  await page.getByTestId('ws-interval').fill('3');
  await page.getByTestId('ws-set-interval').click();
  await expect(logLine(page, 'out', 'set_interval')).toContainText('{"interval":3}');
  await expect(logLine(page, 'in', 'interval_updated')).toContainText('{"interval":3}');

  await page.getByTestId('ws-unsubscribe').click();
  await expect(logLine(page, 'in', 'unsubscribed')).toHaveCount(1);
  // Unsubscribed: new data brings no more updates.
  const updates = await logLine(page, 'in', 'metrics_update').count();
  await server.post(toolCall('Read'));
  await page.waitForTimeout(2_500);
  await expect(logLine(page, 'in', 'metrics_update')).toHaveCount(updates);

  const messagesIn = Number(await page.getByTestId('ws-messages-in').textContent());
  expect(messagesIn).toBeGreaterThanOrEqual(5);
  expect(Number(await page.getByTestId('ws-messages-out').textContent())).toBe(4);

  await page.getByTestId('ws-disconnect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('disconnected');
  await expect(logLine(page, 'sys', 'disconnect')).toContainText('io client disconnect');
  await expect(page.getByTestId('ws-client-id')).toHaveText('—');

  // Connect again: a new client id, reconnects counted.
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await expect(logLine(page, 'in', 'connected')).toHaveCount(2);
});

test('the test bench reconnects and re-subscribes after a server restart', async ({ page, server }) => {
  await page.goto('/websocket-test');
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await page.getByTestId('ws-subscribe').click();
  await expect(logLine(page, 'in', 'subscribed')).toHaveCount(1);

  await server.restart();
  await expect(logLine(page, 'in', 'subscribed')).toHaveCount(2, { timeout: 20_000 });
  await expect(page.getByTestId('ws-reconnects')).toHaveText('1');
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
});
