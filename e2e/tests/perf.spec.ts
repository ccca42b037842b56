import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { apiRequest, expect, test, toolCall } from './support/fixtures.js';
import { sampleDay } from './support/seed.js';
import { DASHBOARD_DIST, type MonitorProcess } from './support/server.js';
import { watchSocketFrames, type FrameLog } from './support/frames.js';

const OUT = path.resolve(import.meta.dirname, '../test-results/perf.json');

/** The JS `/` loads before anything else: its module script(s) and modulepreloads, gzipped. */
function initialBundle(): { files: string[]; gzipBytes: number } {
  const html = fs.readFileSync(path.join(DASHBOARD_DIST, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
  ].map((m) => m[1] as string);
  const files = [...new Set(refs)];
  const gzipBytes = files.reduce((sum, ref) => sum + zlib.gzipSync(fs.readFileSync(path.join(DASHBOARD_DIST, ref))).length, 0);
  return { files, gzipBytes };
}

type Window = { __longTasks: number[] };

/** What one run of updates cost the page: long tasks, and the update frames it received. */
interface RunFigures {
  seconds: number;
  interval: number;
  distinctKpiValuesSeen: number;
  longTasks: number;
  longTaskTotalMs: number;
  longTaskMaxMs: number;
  /** Per update event received over the WebSocket: how many, and their average size. */
  frames: Record<string, { count: number; avgBytes: number }>;
}

/**
 * Posts `events(i)` every second for `seconds` s and measures the long tasks (> 50 ms)
 * the page ran meanwhile, and the update frames it received.
 */
async function liveRun(page: Page, server: MonitorProcess, frames: FrameLog, kpiTestId: string, events: (i: number) => unknown[], seconds = 10): Promise<RunFigures> {
  await page.evaluate(() => ((window as unknown as Window).__longTasks = []));
  frames.clear();
  const kpi = page.getByTestId(kpiTestId);
  const seen = new Set<string>();
  for (let i = 0; i < seconds; i++) {
    await server.post(events(i));
    await page.waitForTimeout(1_000);
    seen.add((await kpi.textContent()) ?? '');
  }
  const longTasks = await page.evaluate(() => (window as unknown as Window).__longTasks);
  return {
    seconds,
    interval: 1,
    distinctKpiValuesSeen: seen.size,
    longTasks: longTasks.length,
    longTaskTotalMs: Math.round(longTasks.reduce((s, d) => s + d, 0)),
    longTaskMaxMs: Math.round(Math.max(0, ...longTasks)),
    frames: frames.summary(['metrics_update', 'metrics_delta']),
  };
}

test('performance: bundle size, time to first snapshot, long tasks and bytes per update at interval 1', async ({ page, server }) => {
  test.setTimeout(90_000);
  const bundle = initialBundle();
  // A realistic day of data, so the charts and tables render what a user would see.
  await server.post(sampleDay());

  await page.addInitScript(() => {
    localStorage.setItem('amiga-monitor:prefs', JSON.stringify({ transport: 'websocket', hours: 24, interval: 1 }));
    const w = window as unknown as Window;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const loadedJs: { url: string; gzipBytes: number }[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('.js')) return;
    const body = await res.body().catch(() => null);
    if (body) loadedJs.push({ url: new URL(res.url()).pathname, gzipBytes: zlib.gzipSync(body).length });
  });
  const frames = watchSocketFrames(page);

  await page.goto('/');
  await expect(page.getByTestId('kpi-api-requests')).not.toHaveText('—');
  const firstSnapshotMs = await page.evaluate(() => performance.getEntriesByName('amiga:first-snapshot')[0]?.startTime ?? null);
  await expect(page.getByTestId('interval-select')).toHaveValue('1');
  await expect(page.locator('.chart-body .recharts-wrapper').first()).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(500);

  // The token chart's outline: it must follow the updates that change the series, and only those.
  const tokenChart = () => page.getByTestId('chart-tokens').locator('path.recharts-area-area').first().getAttribute('d');
  const tokensBefore = await tokenChart();

  // ~10 s at interval 1 with a request and a tool call every second: every update changes the series.
  const seriesRun = await liveRun(page, server, frames, 'kpi-api-requests', (i) => [
    apiRequest({ request_id: `perf-${Date.now()}-${i}` }),
    toolCall('Read'),
  ]);
  const tokensAfterRequests = await tokenChart();
  // ~10 s with an activity line every second: updates that leave the series (and every chart) as they were.
  const activityStart = Date.now();
  const activityRun = await liveRun(page, server, frames, 'activity-feed', (i) => [{ type: 'activity', description: `CI run #${1200 + i} passed` }]);
  const tokensAfterActivity = await tokenChart();

  // What a full snapshot of the same window weighs, for comparison with the deltas.
  const fullSnapshotBytes = (await (await fetch(`${server.url}/api/metrics/snapshot?hours=24`)).text()).length;

  const figures = {
    measuredAt: new Date().toISOString(),
    bundle: {
      initialFiles: bundle.files,
      initialJsGzipKB: Number((bundle.gzipBytes / 1024).toFixed(1)),
      loadedJsGzipKB: Number((loadedJs.reduce((s, f) => s + f.gzipBytes, 0) / 1024).toFixed(1)),
      loadedJs,
    },
    firstSnapshotMs: firstSnapshotMs === null ? null : Math.round(firstSnapshotMs),
    fullSnapshotBytes,
    liveRun: seriesRun,
    activityRun,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(figures, null, 2));
  console.log(`perf: ${JSON.stringify({ ...figures, bundle: { ...figures.bundle, loadedJs: undefined } }, null, 2)}`);

  expect(bundle.gzipBytes).toBeLessThanOrEqual(300 * 1024);
  expect(firstSnapshotMs).not.toBeNull();
  expect(firstSnapshotMs as number).toBeLessThanOrEqual(3_000);
  // Updates kept arriving during both runs, and the charts followed the series.
  expect(seriesRun.distinctKpiValuesSeen).toBeGreaterThanOrEqual(5);
  expect(activityRun.distinctKpiValuesSeen).toBeGreaterThanOrEqual(5);
  expect(tokensAfterRequests).not.toBe(tokensBefore);
  // (Unless a 15-minute bucket of the 24 h window began meanwhile, which adds an empty bucket to the charts.)
  const bucketBegan = Math.floor(activityStart / 900_000) !== Math.floor(Date.now() / 900_000);
  if (!bucketBegan) expect(tokensAfterActivity).toBe(tokensAfterRequests);
});
