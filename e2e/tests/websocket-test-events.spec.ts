import type { Page } from '@playwright/test';
import { apiRequest, expect, nowSeconds, test, toolCall } from './support/fixtures.js';
import { watchSocketFrames } from './support/frames.js';

/**
 * The controls of /websocket-test for the events beyond the v1 contract's (deltas, rooms,
 * topics, history, probe, namespaces), against the real server. This spec has a server
 * of its own, pinging every second so the heartbeat round trip is known at once.
 */
test.use({ serverEnv: { MONITORING_PING_INTERVAL: '1' } });

/** Log lines of one direction whose event name is exactly `event`. */
const logLine = (page: Page, dir: 'in' | 'out' | 'sys', event: string) =>
  page.getByTestId('ws-event-log').locator(`li.log-${dir}`).filter({ has: page.locator('.event-name', { hasText: new RegExp(`^${event}$`) }) });

async function connect(page: Page, namespace: '/' | '/metrics' = '/'): Promise<void> {
  await page.goto('/websocket-test');
  if (namespace !== '/') await page.getByTestId('ws-namespace').selectOption(namespace);
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
}

test('deltas: subscribe with delta: true, then metrics_delta frames much smaller than the full snapshot', async ({ page, server }) => {
  // Some data, so a full snapshot has something to weigh.
  await server.post([apiRequest({ request_id: `bench-delta-${Date.now()}` }), toolCall('Read'), toolCall('Edit')]);
  const frames = watchSocketFrames(page);
  await connect(page);
  await page.getByTestId('ws-interval').fill('1');
  await page.getByTestId('ws-delta').check();
  await page.getByTestId('ws-subscribe').click();
  await expect(logLine(page, 'out', 'subscribe')).toContainText('"delta":true');
  await expect(logLine(page, 'in', 'subscribed')).toContainText('"delta":true');
  await expect(logLine(page, 'in', 'metrics_update')).toContainText(/seq \d+/);
  await expect(page.getByTestId('ws-full-stat')).toHaveText(/^1 · avg [\d.]+ (B|KB)$/);

  // A line of activity changes one section: the server sends only that.
  await server.post({ type: 'activity', description: 'bench delta note' });
  await expect(logLine(page, 'in', 'metrics_delta').first()).toContainText(/seq \d+ ← \d+ · \d+ set/);
  await expect(page.getByTestId('ws-delta-stat')).toHaveText(/^[1-9]\d* · avg [\d.]+ (B|KB)$/);
  // The snapshot held was built from the delta.
  await expect(page.getByTestId('ws-latest')).toContainText('bench delta note');

  const full = frames.of('metrics_update');
  const deltas = frames.of('metrics_delta');
  expect(full.length).toBe(1);
  expect(deltas.length).toBeGreaterThanOrEqual(1);
  expect(Math.max(...deltas.map((f) => f.bytes))).toBeLessThan((full[0]?.bytes ?? 0) / 2);
  await expect(page.getByTestId('ws-delta-stat')).not.toContainText('gaps');

  // Another event, another delta on top of the last.
  await server.post(toolCall('Bash'));
  await expect.poll(() => frames.of('metrics_delta').length).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('ws-latest')).toContainText('"Bash"');
});

test('rooms: task_update and activity_event appear in the log while joined, and stop after leaving', async ({ page, server }) => {
  await connect(page);
  await page.getByTestId('ws-join-tasks').click();
  await expect(logLine(page, 'out', 'subscribe_tasks')).toHaveCount(1);
  await expect(page.getByTestId('ws-room-tasks')).toHaveText('tasks: joined');

  const id = `bench-task-${Date.now()}`;
  await server.post({ type: 'task', id, status: 'running', description: 'Room test task', model: 'claude-sonnet-4-5' });
  await expect(logLine(page, 'in', 'task_update')).toContainText(id);
  await expect(logLine(page, 'in', 'task_update')).toContainText('"status":"running"');

  await page.getByTestId('ws-join-activity').click();
  await expect(page.getByTestId('ws-room-activity')).toHaveText('activity: joined');
  await server.post({ type: 'activity', description: 'room activity line' });
  await expect(logLine(page, 'in', 'activity_event')).toContainText('room activity line');

  await page.getByTestId('ws-leave-tasks').click();
  await expect(page.getByTestId('ws-room-tasks')).toHaveText('tasks: not joined');
  await server.post({ type: 'task', id, status: 'completed', description: 'Room test task' });
  // Still in the activity room: the task's activity line comes, its task_update does not.
  await expect(logLine(page, 'in', 'activity_event').filter({ hasText: `Task ${id} completed` })).toHaveCount(1);
  await page.waitForTimeout(800);
  await expect(logLine(page, 'in', 'task_update')).toHaveCount(1);

  await page.getByTestId('ws-leave-activity').click();
  await expect(page.getByTestId('ws-room-activity')).toHaveText('activity: not joined');
});

test('topics: a checkbox per topic, and topic_update counts only for the topics that changed', async ({ page, server }) => {
  await connect(page);
  const count = (topic: string) => page.getByTestId(`ws-topic-count-${topic}`);
  // costs and tools are checked by default; add activity, drop tools.
  await page.getByTestId('ws-topic-tools').uncheck();
  await page.getByTestId('ws-topic-activity').check();
  await page.getByTestId('ws-interval').fill('1');
  await page.getByTestId('ws-subscribe-topics').click();
  await expect(logLine(page, 'out', 'subscribe_topics')).toContainText('"topics":["costs","activity"]');
  await expect(logLine(page, 'in', 'topics')).toContainText('"topics":["costs","activity"]');
  await expect(page.getByTestId('ws-topic-held-costs')).toHaveText('yes');
  await expect(page.getByTestId('ws-topic-held-tools')).toHaveText('—');
  // Each topic's data once at first.
  await expect(count('costs')).toHaveText('1');
  await expect(count('activity')).toHaveText('1');
  await expect(count('tools')).toHaveText('0');

  // An activity line changes the activity topic only.
  await server.post({ type: 'activity', description: 'topic note' });
  await expect(count('activity')).toHaveText('2');
  await expect(logLine(page, 'in', 'topic_update').filter({ hasText: 'activity' })).toHaveCount(2);
  await expect(count('costs')).toHaveText('1');

  // A priced request changes costs (and the activity feed).
  await server.post(apiRequest({ cost_usd: 0.25, request_id: `bench-topic-${Date.now()}` }));
  await expect(count('costs')).toHaveText('2');
  await expect(count('tools')).toHaveText('0');

  await page.getByTestId('ws-unsubscribe-all-topics').click();
  await expect(logLine(page, 'in', 'topics')).toHaveCount(2);
  await expect(logLine(page, 'in', 'topics').first()).toContainText('"topics":[]');
  await expect(page.getByTestId('ws-topic-held-costs')).toHaveText('—');
  const updates = await logLine(page, 'in', 'topic_update').count();
  const activity = (await count('activity').textContent()) ?? '';
  await server.post({ type: 'activity', description: 'after unsubscribing' });
  await page.waitForTimeout(1_500);
  await expect(count('activity')).toHaveText(activity);
  await expect(logLine(page, 'in', 'topic_update')).toHaveCount(updates);
});

test('request_history: chunks arrive, each acknowledged, by hand when asked, until done', async ({ page, server }) => {
  // A tool call in each of 300 minutes of the last six hours: 300 one-minute buckets, two chunks of at most 200.
  const now = nowSeconds();
  await server.post(Array.from({ length: 300 }, (_, i) => ({ type: 'tool_call', tool: 'Grep', session_id: 'bench-history', timestamp: now - 60 - i * 60 })));
  await connect(page);
  await page.getByTestId('ws-history-bucket').selectOption('60');
  await page.getByTestId('ws-request-history').click();
  await expect(logLine(page, 'out', 'request_history')).toContainText('"bucket":60');
  const status = page.getByTestId('ws-history-status');
  await expect(status).toHaveAttribute('data-done', 'true');
  expect(Number(await status.getAttribute('data-chunks'))).toBeGreaterThanOrEqual(2);
  expect(Number(await status.getAttribute('data-points'))).toBeGreaterThanOrEqual(300);
  await expect(status).toContainText(/done in \d+ ms/);
  await expect(logLine(page, 'in', 'history_chunk').first()).toContainText('· done');
  const chunks = await logLine(page, 'in', 'history_chunk').count();
  await expect(logLine(page, 'out', 'ack')).toHaveCount(chunks);

  // Acknowledged by hand: the server waits for each ack before sending the next chunk.
  await page.getByTestId('ws-history-auto-ack').uncheck();
  await page.getByTestId('ws-request-history').click();
  await expect(status).toHaveAttribute('data-chunks', '1');
  await expect(status).toContainText('waiting for the ack of chunk 0');
  await page.waitForTimeout(500);
  await expect(status).toHaveAttribute('data-chunks', '1');
  await page.getByTestId('ws-history-ack').click();
  await expect(status).toHaveAttribute('data-chunks', '2');
  while ((await status.getAttribute('data-done')) !== 'true') {
    await expect(page.getByTestId('ws-history-ack')).toBeEnabled();
    await page.getByTestId('ws-history-ack').click();
  }
  await expect(page.getByTestId('ws-history-ack')).toBeEnabled();
  await page.getByTestId('ws-history-ack').click();
  await expect(page.getByTestId('ws-history-ack')).toBeDisabled();
  await page.getByTestId('ws-history-auto-ack').check();

  // A range of more than 2,000 buckets is refused by the server, and the page says it is too long first.
  await page.getByRole('button', { name: 'last 30 d' }).click();
  await page.getByTestId('ws-history-bucket').selectOption('60');
  await expect(page.getByText(/buckets \(at most 2,000\)/)).toHaveClass(/bad/);
  await page.getByTestId('ws-request-history').click();
  await expect(logLine(page, 'in', 'error')).toContainText('at most 2000 buckets');
});

test('probe: by hand and every 5 s, with the client round trip and the server heartbeat round trip', async ({ page }) => {
  await connect(page);
  await expect(page.getByTestId('ws-probe-rtt')).toHaveText('—');
  // The server pings every second here: wait for its first round trip.
  await page.waitForTimeout(1_500);
  await page.getByTestId('ws-probe').click();
  await expect(page.getByTestId('ws-probe-count')).toHaveText('1');
  await expect(page.getByTestId('ws-probe-rtt')).toHaveText(/^\d+\.\d ms$/);
  await expect(page.getByTestId('ws-heartbeat-rtt')).toHaveText(/^\d+\.\d ms$/);
  await expect(logLine(page, 'in', 'probe ack')).toContainText(/round trip [\d.]+ ms · heartbeat [\d.]+ ms/);

  await page.getByTestId('ws-probe-periodic').check();
  await expect(page.getByTestId('ws-probe-count')).toHaveText('2');
  await expect(page.getByTestId('ws-probe-count')).toHaveText('3', { timeout: 7_000 });
  await page.getByTestId('ws-probe-periodic').uncheck();
  await page.waitForTimeout(5_500);
  await expect(page.getByTestId('ws-probe-count')).toHaveText('3');
});

test('namespace: the same events on /metrics', async ({ page, server }) => {
  const frames = watchSocketFrames(page);
  await connect(page, '/metrics');
  await expect(page.getByTestId('ws-namespace')).toBeDisabled();
  await expect(page.getByTestId('ws-namespace-stat')).toHaveText('/metrics');
  await expect(logLine(page, 'sys', 'connect')).toContainText('namespace /metrics');
  await expect(logLine(page, 'in', 'connected')).toHaveCount(1);

  await page.getByTestId('ws-delta').check();
  await page.getByTestId('ws-subscribe').click();
  await expect(logLine(page, 'in', 'metrics_update')).toHaveCount(1);
  await server.post(toolCall('Glob'));
  await expect(logLine(page, 'in', 'metrics_delta').first()).toBeVisible();
  await page.getByTestId('ws-probe').click();
  await expect(page.getByTestId('ws-probe-count')).toHaveText('1');
  // Every event went over the /metrics namespace.
  expect(frames.frames.length).toBeGreaterThan(3);
  expect(frames.frames.every((f) => f.nsp === '/metrics')).toBe(true);

  // Back to the default namespace: only once disconnected.
  await page.getByTestId('ws-disconnect').click();
  await page.getByTestId('ws-namespace').selectOption('/');
  await page.getByTestId('ws-connect').click();
  await expect(page.getByTestId('ws-status')).toHaveText('connected');
  await expect(logLine(page, 'sys', 'connect').first()).toContainText('namespace /');
  await expect(page.getByTestId('ws-namespace-stat')).toHaveText('/');
});
