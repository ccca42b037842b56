import { expect, test } from './support/fixtures.js';

/**
 * Tasks linked to their sessions (issue 17 §3): the recent-tasks table shows the cost measured
 * over a task's sessions beside its own, and links each session to its page.
 */
const tag = `e2e-task-${Date.now()}`;
const [first, second] = [`${tag}-a`, `${tag}-b`];

// A server of its own: the events below add requests and a task to the figures other files check.
test.use({ serverEnv: { MONITORING_STALE_SESSION_MINUTES: '30' } });

test("a task shows its sessions' measured cost and links to their pages", async ({ page, server }) => {
  const now = Date.now() / 1000;
  const request = (session: string, cost: number, i: number) => ({
    type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1_000, output_tokens: 100, cost_usd: cost, session_id: session, project: 'proj-task',
    request_id: `${session}-${i}`, timestamp: now - 120 + i,
  });
  const events = [
    request(first, 1.25, 0), request(first, 0.5, 1), request(second, 2, 2),
    { type: 'task', id: tag, status: 'completed', description: 'Ship the linked task', cost_usd: 9, session_ids: [first, second], timestamp: now - 60 },
  ];
  const res = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(202);

  await page.goto('/');
  const row = page.locator(`[data-testid="tasks-table"] tr[data-task="${tag}"]`);
  await expect(row).toContainText('$9.00');
  await expect(row.getByTestId('task-measured-cost')).toHaveText('$3.75');
  await expect(row.getByTestId('session-link')).toHaveCount(2);
  // A new request of a linked session raises the measured cost live (no reload).
  const more = await fetch(`${server.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request(first, 0.25, 3)) });
  expect(more.status).toBe(202);
  await expect(row.getByTestId('task-measured-cost')).toHaveText('$4.00');
  await expect(row).toContainText('$9.00');
  await row.locator(`[data-testid="session-link"][data-session="${second}"]`).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${second}$`));
  await expect(page.getByTestId('total-requests')).toHaveText('1');
});
