import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { sampleDay } from './support/seed.js';

/** Committed copies, used by the README. */
const COMMITTED = path.resolve(import.meta.dirname, '../screenshots');
/** Test artifacts of this run. */
const ARTIFACTS = path.resolve(import.meta.dirname, '../test-results/screenshots');

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(COMMITTED, { recursive: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  fs.copyFileSync(file, path.join(COMMITTED, `${name}.png`));
}

test.describe('screenshots', () => {
  test.beforeAll(async ({ server }) => {
    await server.post(sampleDay());
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`dashboard, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/?transport=websocket');
      await expect(page.getByTestId('connection-status')).toContainText('live');
      await expect(page.locator('.chart-body .recharts-wrapper')).toHaveCount(6, { timeout: 15_000 });
      await page.waitForTimeout(300);
      await shoot(page, `dashboard-${scheme}`);
    });

    test(`websocket test page, ${scheme}`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/websocket-test');
      await page.getByTestId('ws-connect').click();
      await expect(page.getByTestId('ws-status')).toHaveText('connected');
      await page.getByTestId('ws-subscribe').click();
      await page.getByTestId('ws-refresh').click();
      await expect(page.getByTestId('ws-rtt')).toHaveText(/ms$/);
      await shoot(page, `websocket-test-${scheme}`);
    });
  }

  test('dashboard on a phone', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await expect(page.getByTestId('connection-status')).toContainText('live');
    await expect(page.locator('.chart-body .recharts-wrapper')).toHaveCount(6, { timeout: 15_000 });
    await page.waitForTimeout(300);
    // The page must not scroll sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, 'dashboard-phone');
  });

  test('theme toggle overrides the system preference', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    await page.getByTestId('theme-toggle').click(); // system → dark
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await bg()).not.toBe(light);
    await page.getByTestId('theme-toggle').click(); // dark → light
    await page.getByTestId('theme-toggle').click(); // light → system
    await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  });
});
