import type { Page } from '@playwright/test';
import { apiRequest, expect, kpiNumber, nowSeconds, test, toolCall } from './support/fixtures.js';
import { watchSocketFrames } from './support/frames.js';

const TRANSPORTS = ['websocket', 'sse'] as const;

const status = (page: Page) => page.getByTestId('connection-status');

test('a fresh server shows the empty state with a curl example', async ({ page }) => {
  await page.goto('/');
  await expect(status(page)).toContainText('live');
  await expect(page.getByTestId('empty-state')).toContainText('curl -X POST');
  await expect(page.getByTestId('kpi-api-requests')).toHaveText('0');
});

for (const transport of TRANSPORTS) {
  test(`${transport}: KPIs update in place when an event is posted`, async ({ page, server }) => {
    await page.goto(`/?transport=${transport}`);
    await expect(status(page)).toContainText('live');
    await expect(page.getByTestId('transport-select')).toHaveValue(transport);
    const kpi = page.getByTestId('kpi-api-requests');
    const before = await kpiNumber(kpi);
    const node = await kpi.elementHandle();

    await server.post(apiRequest());
    await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));
    // The same element, updated without a reload.
    expect(await node?.evaluate((el) => el.isConnected)).toBe(true);
    await expect(page.getByTestId('activity-feed')).toContainText('claude-sonnet-4-5');

    const tools = page.getByTestId('kpi-tool-calls');
    const toolsBefore = await kpiNumber(tools);
    await server.post([toolCall('Bash'), toolCall('Edit')]);
    await expect(tools).toHaveText(String(toolsBefore + 2));
  });
}

test('websocket: the dashboard takes deltas after its first snapshot, and the figures follow them', async ({ page, server }) => {
  const frames = watchSocketFrames(page);
  await page.goto('/?transport=websocket');
  await expect(status(page)).toContainText('live');
  await expect.poll(() => frames.of('subscribe', 'out').some((f) => f.payload.includes('"delta":true'))).toBe(true);
  const kpi = page.getByTestId('kpi-api-requests');
  const tools = page.getByTestId('kpi-tool-calls');
  const before = await kpiNumber(kpi);
  const toolsBefore = await kpiNumber(tools);

  await server.post(apiRequest({ request_id: `delta-${Date.now()}` }));
  await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));
  await server.post([toolCall('Bash'), { type: 'activity', description: 'delta mode note' }]);
  await expect(tools).toHaveText(String(toolsBefore + 1));
  await expect(page.getByTestId('activity-feed')).toContainText('delta mode note');

  // One full snapshot, then only deltas; the page counts them the same way.
  expect(frames.of('metrics_update')).toHaveLength(1);
  expect(frames.of('metrics_delta').length).toBeGreaterThanOrEqual(2);
  const stats = page.getByTestId('update-stats');
  await expect(stats).toHaveAttribute('data-full-updates', '1');
  expect(Number(await stats.getAttribute('data-delta-updates'))).toBeGreaterThanOrEqual(2);
  await expect(stats).toHaveAttribute('data-gaps', '0');
  await expect(stats).toContainText(/\d+ deltas \(avg [\d.]+ (B|KB)\)/);
});

test('websocket: a delta that does not build on the snapshot held is answered with request_refresh, and deltas resume', async ({ page, server }) => {
  const sent: string[] = [];
  let tampered = 0;
  // Between page and server: the first delta after the page is live claims a base the page never had.
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const upstream = ws.connectToServer();
    ws.onMessage((message) => {
      sent.push(String(message));
      upstream.send(message);
    });
    upstream.onMessage((message) => {
      if (tampered === 0 && typeof message === 'string' && message.startsWith('42["metrics_delta"')) {
        tampered = 1;
        message = message.replace(/"base_seq":\d+/, '"base_seq":999999');
      }
      ws.send(message);
    });
  });
  await page.goto('/?transport=websocket');
  await expect(status(page)).toContainText('live');
  const kpi = page.getByTestId('kpi-api-requests');
  const before = await kpiNumber(kpi);

  await server.post(apiRequest({ request_id: `gap-${Date.now()}` }));
  // The gap is noticed, a full snapshot asked for and shown.
  await expect(page.getByTestId('update-stats')).toHaveAttribute('data-gaps', '1');
  await expect.poll(() => sent.filter((f) => f.includes('"request_refresh"')).length).toBe(1);
  await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));
  await expect(page.getByTestId('update-stats')).toHaveAttribute('data-full-updates', '2');

  // Later deltas build on the refreshed snapshot again.
  await server.post(apiRequest({ request_id: `gap-after-${Date.now()}` }));
  await expect(kpi).toHaveText((before + 2).toLocaleString('en-US'));
  await expect(page.getByTestId('update-stats')).toHaveAttribute('data-delta-updates', /^[1-9]/);
  await expect(page.getByTestId('update-stats')).toHaveAttribute('data-gaps', '1');
});

test('switching transport keeps data flowing and is remembered', async ({ page, server }) => {
  await page.goto('/?transport=websocket');
  await expect(status(page)).toContainText('live');
  await expect(status(page)).toContainText('WebSocket');

  const streams = page.waitForRequest((r) => r.url().includes('/api/stream/metrics'));
  await page.getByTestId('transport-select').selectOption('sse');
  await streams;
  await expect(status(page)).toContainText('SSE');
  await expect(status(page)).toContainText('live');

  const tools = page.getByTestId('kpi-tool-calls');
  const before = await kpiNumber(tools);
  await server.post(toolCall('Grep'));
  await expect(tools).toHaveText(String(before + 1));

  // The choice survives a reload (localStorage) without the URL parameter.
  await page.goto('/');
  await expect(page.getByTestId('transport-select')).toHaveValue('sse');
  await expect(status(page)).toContainText('live');

  await page.getByTestId('transport-select').selectOption('websocket');
  await expect(status(page)).toContainText('WebSocket');
  await expect(status(page)).toContainText('live');
  await server.post(toolCall('Glob'));
  await expect(tools).toHaveText(String(before + 2));
});

test('websocket: window and interval changes re-subscribe', async ({ page, server }) => {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
  await page.goto('/?transport=websocket');
  await expect(status(page)).toContainText('live');
  await expect.poll(() => sent.some((f) => f.includes('"subscribe",{"hours":24,"update_interval":2,"delta":true}'))).toBe(true);

  const kpi = page.getByTestId('kpi-api-requests');
  const before = await kpiNumber(kpi);
  // Three hours ago: inside a 24 h or 6 h window, outside a 1 h one.
  await server.post(apiRequest({ timestamp: nowSeconds() - 3 * 3600, request_id: `old-${Date.now()}` }));
  await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));

  await page.getByTestId('window-select').selectOption('1');
  await expect.poll(() => sent.some((f) => f.includes('"subscribe",{"hours":1,"update_interval":2,"delta":true}'))).toBe(true);
  await expect.poll(() => kpiNumber(kpi)).toBeLessThan(before + 1);

  await page.getByTestId('window-select').selectOption('6');
  await expect.poll(() => sent.some((f) => f.includes('"subscribe",{"hours":6,"update_interval":2,"delta":true}'))).toBe(true);
  await expect.poll(() => kpiNumber(kpi)).toBeGreaterThanOrEqual(1);

  await page.getByTestId('interval-select').selectOption('5');
  await expect.poll(() => sent.some((f) => f.includes('"subscribe",{"hours":6,"update_interval":5,"delta":true}'))).toBe(true);

  // The refresh button is debounced: a burst of clicks sends one request_refresh.
  const refreshes = () => sent.filter((f) => f.includes('"request_refresh"')).length;
  for (let i = 0; i < 5; i++) await page.getByTestId('refresh-button').click();
  await expect.poll(refreshes).toBe(1);
  await page.waitForTimeout(700);
  expect(refreshes()).toBe(1);

  // Back to the defaults for the tests that follow.
  await page.getByTestId('window-select').selectOption('24');
  await page.getByTestId('interval-select').selectOption('2');
});

test('sse: window and interval changes reopen the stream with the new values', async ({ page }) => {
  await page.goto('/?transport=sse');
  await expect(status(page)).toContainText('live');
  const six = page.waitForRequest((r) => r.url().includes('/api/stream/metrics?hours=6&interval=2'));
  await page.getByTestId('window-select').selectOption('6');
  await six;
  const five = page.waitForRequest((r) => r.url().includes('/api/stream/metrics?hours=6&interval=5'));
  await page.getByTestId('interval-select').selectOption('5');
  await five;
  await expect(status(page)).toContainText('live');
  await page.getByTestId('window-select').selectOption('24');
  await page.getByTestId('interval-select').selectOption('2');
  await page.getByTestId('transport-select').selectOption('websocket');
});

for (const transport of TRANSPORTS) {
  test(`${transport}: survives a server restart without a reload`, async ({ page, server }) => {
    await page.goto(`/?transport=${transport}`);
    await expect(status(page)).toContainText('live');
    const kpi = page.getByTestId('kpi-api-requests');
    const before = await kpiNumber(kpi);

    await server.stop();
    await expect(status(page)).toContainText(/reconnecting|offline/);
    await expect(page.getByTestId('connection-banner')).toBeVisible();

    await server.start();
    await expect(status(page)).toContainText('live', { timeout: 20_000 });
    await expect(page.getByTestId('connection-banner')).toBeHidden();

    await server.post(apiRequest());
    await expect(kpi).toHaveText((before + 1).toLocaleString('en-US'));
  });
}

test('a code-split chunk whose download fails (server restarting) is fetched again; the page never goes blank', async ({ page, server }) => {
  // Data, so that the charts are shown (and their chunk is asked for).
  await server.post(apiRequest());
  let resets = 0;
  await page.route(/\/assets\/Charts-[^/]*\.js$/, async (route) => {
    if (resets < 2) {
      resets += 1;
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.goto('/');
  await expect(status(page)).toContainText('live');
  await expect(page.getByTestId('chart-cost')).toBeVisible({ timeout: 15_000 });
  expect(resets).toBe(2);
  await expect(page.getByTestId('kpi-api-requests')).not.toHaveText('0');
});

test('budget alert appears when the cost passes the limit', async ({ page, server }) => {
  await page.goto('/');
  await expect(status(page)).toContainText('live');
  const cost = await kpiNumber(page.getByTestId('kpi-total-cost'));
  await page.getByTestId('budget-input').fill(String(Math.max(0.01, Number((cost + 0.5).toFixed(2)))));
  await page.getByTestId('budget-input').press('Enter');
  await expect(page.getByTestId('budget-alert')).toBeHidden();
  await server.post(apiRequest({ cost_usd: 1 }));
  await expect(page.getByTestId('budget-alert')).toBeVisible();
  // Kept across reloads.
  await page.reload();
  await expect(page.getByTestId('budget-alert')).toBeVisible();
  await page.getByTestId('budget-input').fill('');
  await page.getByTestId('budget-input').press('Enter');
  await expect(page.getByTestId('budget-alert')).toBeHidden();
});

test('exports the snapshot as JSON and the sessions as CSV', async ({ page }) => {
  await page.goto('/');
  await expect(status(page)).toContainText('live');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  expect(json.suggestedFilename()).toMatch(/^amiga-snapshot-.*\.json$/);
  const snapshot = JSON.parse(await streamText(await json.createReadStream()));
  expect(snapshot.overview.claude_api.total_requests).toBeGreaterThan(0);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const text = await streamText(await csv.createReadStream());
  expect(text.split('\r\n')[0]).toContain('session_id,project,model');
  expect(text).toContain('e2e-session');
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
