import type { Page, Response } from '@playwright/test';
import { apiRequest, expect, kpiNumber, nowSeconds, test, toolCall } from './support/fixtures.js';
import { watchSocketFrames } from './support/frames.js';

const DAY = 86_400;
const status = (page: Page) => page.getByTestId('connection-status');

interface History {
  from: number;
  to: number;
  bucket: number;
  points: { t: number; requests: number; tool_calls: number }[];
}

const isHistory = (bucket: number) => (res: Response) => res.url().includes('/api/metrics/history?') && res.url().endsWith(`&bucket=${bucket}`);

test.describe('windows longer than the live snapshot', () => {
  /** Requests of 10 and 20 days ago: outside the 7-day live snapshot, inside a 30-day window. */
  const oldRequests = 3;
  test.beforeAll(async ({ server }) => {
    const now = nowSeconds();
    await server.post([
      ...Array.from({ length: oldRequests }, (_, i) =>
        apiRequest({ timestamp: now - (i === 0 ? 10 : 20) * DAY - i * 60, cost_usd: 2, request_id: `old-${now}-${i}`, session_id: 'old-session' }),
      ),
      { ...toolCall('Read'), timestamp: now - 20 * DAY },
      apiRequest({ request_id: `recent-${now}` }),
    ]);
  });

  for (const transport of ['websocket', 'sse'] as const) {
    test(`${transport}: 30 days draws the charts from history; cards, tables and breakdowns stay on the live 7 days`, async ({ page, server }) => {
      const frames = watchSocketFrames(page);
      await page.goto(`/?transport=${transport}`);
      await expect(status(page)).toContainText('live');
      const kpi = page.getByTestId('kpi-api-requests');

      await page.getByTestId('window-select').selectOption('168');
      await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-source', 'live');
      const week = await kpiNumber(kpi);

      const answer = page.waitForResponse(isHistory(21_600));
      await page.getByTestId('window-select').selectOption('720');
      const res = await answer;
      expect(res.status()).toBe(200);
      const history = (await res.json()) as History;
      const span = history.to - history.from;
      expect(span).toBeGreaterThanOrEqual(30 * DAY);
      expect(span / history.bucket).toBeLessThanOrEqual(200);
      // The old requests are in the history...
      const oldInHistory = history.points.filter((p) => p.t < nowSeconds() - 8 * DAY).reduce((n, p) => n + p.requests, 0);
      expect(oldInHistory).toBeGreaterThanOrEqual(oldRequests);

      // ...and the time charts draw it, saying so; the rest stays on the 7-day live snapshot, saying so.
      const cost = page.getByTestId('chart-cost');
      await expect(cost).toHaveAttribute('data-source', 'history');
      await expect(cost).toHaveAttribute('data-bucket', '21600');
      await expect(cost).toHaveAttribute('data-points', String(history.points.length));
      await expect(page.getByTestId('chart-cost-caption')).toHaveText('the last 30 days · 6 h buckets · history');
      await expect(page.getByTestId('chart-tokens-caption')).toHaveText('the last 30 days · 6 h buckets · history');
      await expect(page.getByTestId('chart-tools-caption')).toHaveText('the last 7 days · live');
      await expect(page.getByTestId('chart-tasks-caption')).toHaveText('the last 7 days · live');
      await expect(cost.locator('.recharts-wrapper')).toBeVisible();
      const coverage = page.getByTestId('window-coverage');
      await expect(coverage).toContainText('Last 30 days');
      await expect(coverage).toContainText('the last 7 days, live');
      await expect(page.getByText('Total cost · 7d')).toBeVisible();
      // The cards do not count what only the history holds.
      expect(await kpiNumber(kpi)).toBe(week);

      // The live subscription stays the 7-day one: switching 7 d → 30 d does not resubscribe.
      if (transport === 'websocket') {
        const subscribes = frames.of('subscribe', 'out').map((f) => f.payload);
        expect(subscribes.at(-1)).toContain('"hours":168');
        expect(subscribes.every((p) => !p.includes('"hours":720'))).toBe(true);
      }

      // A live update brings a fresh history soon after (at most one fetch every 10 s), drawn at once.
      const requests = (h: History) => h.points.reduce((n, p) => n + p.requests, 0);
      const expected = requests(history) + 1;
      const refreshed = page.waitForResponse(async (r) => isHistory(21_600)(r) && requests((await r.json()) as History) === expected, { timeout: 20_000 });
      await server.post(apiRequest({ request_id: `live-${Date.now()}` }));
      await expect(kpi).toHaveText((week + 1).toLocaleString('en-US'));
      const next = (await (await refreshed).json()) as History;
      await expect(cost).toHaveAttribute('data-points', String(next.points.length));

      // 90 days: 12-hour buckets.
      const ninety = page.waitForResponse(isHistory(43_200));
      await page.getByTestId('window-select').selectOption('2160');
      expect((await ninety).status()).toBe(200);
      await expect(cost).toHaveAttribute('data-bucket', '43200');
      await expect(page.getByTestId('chart-cost-caption')).toHaveText('the last 90 days · 12 h buckets · history');

      // Kept across a reload, and back to a live window.
      await page.reload();
      await expect(page.getByTestId('window-select')).toHaveValue('2160');
      await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-source', 'history');
      await page.getByTestId('window-select').selectOption('24');
      await expect(page.getByTestId('chart-cost')).toHaveAttribute('data-source', 'live');
      await expect(page.getByTestId('window-coverage')).toHaveCount(0);
      await expect(page.getByTestId('chart-cost-caption')).toHaveText('the last 24 hours · 15 min buckets · live');
    });
  }
});
