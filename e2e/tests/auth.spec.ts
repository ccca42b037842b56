import type { Page } from '@playwright/test';
import { apiRequest, expect, kpiNumber, nowSeconds, test } from './support/fixtures.js';

/** The server of this spec requires a token on every surface but /api/health. */
const TOKEN = 'e2e-access-token-0123456789';
const WRONG = 'not-the-token-9876543210';
test.use({ serverEnv: { MONITORING_TOKEN: TOKEN } });

const status = (page: Page) => page.getByTestId('connection-status');

async function enterToken(page: Page, token: string): Promise<void> {
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('token-submit').click();
}

for (const transport of ['websocket', 'sse'] as const) {
  test(`${transport}: asks for the token once, then stays live across a reload`, async ({ page, server, request }) => {
    await page.goto(`/?transport=${transport}`);
    const form = page.getByTestId('token-form');
    await expect(form).toBeVisible();
    await expect(form).toContainText('This server requires an access token');
    await expect(form).toContainText('MONITORING_TOKEN');
    await expect(status(page)).toContainText('unauthorized');
    await expect(page.getByTestId('kpi-api-requests')).toHaveCount(0);
    await expect(page.getByTestId('token-forget')).toHaveCount(0);

    await enterToken(page, WRONG);
    await expect(page.getByTestId('token-error')).toContainText('refused');
    await expect(form).toBeVisible();
    await expect(page.getByTestId('kpi-api-requests')).toHaveCount(0);

    await enterToken(page, TOKEN);
    await expect(status(page)).toContainText('live');
    await expect(form).toBeHidden();
    const kpi = page.getByTestId('kpi-api-requests');
    const before = await kpiNumber(kpi);

    // Writing needs the token too.
    expect((await request.post(`${server.url}/api/events`, { data: apiRequest() })).status()).toBe(401);
    await server.post(apiRequest(), { token: TOKEN });
    await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));

    // sessionStorage survives a reload in the same tab: no second prompt.
    await page.reload();
    await expect(status(page)).toContainText('live');
    await expect(form).toBeHidden();
    await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));
    await server.post(apiRequest(), { token: TOKEN });
    await expect(kpi).toHaveText((before + 2).toLocaleString('en-US'));

    // Forgetting the token locks the dashboard again.
    await page.getByTestId('token-forget').click();
    await expect(form).toBeVisible();
    await expect(page.getByTestId('token-error')).toHaveCount(0);
    await expect(page.getByTestId('kpi-api-requests')).toHaveCount(0);
  });
}

test('a 30-day window fetches its history with the token', async ({ page, server }) => {
  await server.post(apiRequest({ timestamp: nowSeconds() - 15 * 86_400, request_id: `auth-old-${Date.now()}` }), { token: TOKEN });
  await page.goto('/?transport=websocket');
  await enterToken(page, TOKEN);
  await expect(status(page)).toContainText('live');
  const answer = page.waitForResponse((r) => r.url().includes('/api/metrics/history?'));
  await page.getByTestId('window-select').selectOption('720');
  const res = await answer;
  expect(res.status()).toBe(200);
  expect(await res.request().headerValue('authorization')).toBe(`Bearer ${TOKEN}`);
  expect(res.url()).not.toContain('token=');
  await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-source', 'history');
  await expect(page.getByTestId('chart-cost')).not.toHaveAttribute('data-points', '0');
  // Without the token the same request is refused.
  expect((await page.request.get(res.url())).status()).toBe(401);
});

test('a ?token= link is taken once and dropped from the address bar', async ({ page }) => {
  await page.goto(`/?token=${encodeURIComponent(TOKEN)}&transport=sse`);
  await expect(status(page)).toContainText('live');
  await expect(status(page)).toContainText('SSE');
  expect(page.url()).not.toContain('token=');
  expect(page.url()).toContain('transport=sse');
  await page.reload();
  await expect(status(page)).toContainText('live');
});

test('/websocket-test asks for the token when refused and uses the one kept by the dashboard', async ({ page }) => {
  await page.goto('/websocket-test');
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('token-form')).toBeVisible();
  await expect(page.getByTestId('ws-event-log')).toContainText('unauthorized');
  await expect(page.getByTestId('ws-status')).toHaveText('disconnected');
  await enterToken(page, TOKEN);
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await expect(page.getByTestId('token-form')).toBeHidden();

  // A token entered on the dashboard page is used by the test bench of the same tab.
  await page.getByTestId('token-forget').click();
  await page.getByTestId('ws-disconnect').click();
  await page.goto('/');
  await enterToken(page, TOKEN);
  await expect(status(page)).toContainText('live');
  await page.getByRole('link', { name: 'Socket test' }).click();
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await expect(page.getByTestId('token-form')).toHaveCount(0);
});
