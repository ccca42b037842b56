import type { SessionPage, SessionsList } from '@amiga/protocol';
import { expect, test } from './support/fixtures.js';

/**
 * The sessions pages: five sessions of two agents on two machines, ingested through
 * `POST /api/events` with known requests, tokens and tool calls. The list filters and
 * pages as the API does, keeps its filters in the address across a reload, a row opens
 * the session's page whose totals are the API's, an unknown id says so, and a session
 * still active updates when new events arrive.
 */
// A server of its own: the other specs expect a fresh store.
test.use({ serverEnv: { MONITORING_STALE_SESSION_MINUTES: '30' } });

const stamp = Date.now().toString(36);
const id = (name: string) => `e2e-sp-${stamp}-${name}`;

interface Spec {
  name: string;
  agent: string;
  machine: string;
  project: string;
  model: string;
  requests: number;
  /** Seconds before now of its last request. */
  ago: number;
  tools: { tool: string; success: boolean }[];
}
const SESSIONS: Spec[] = [
  { name: 'alpha', agent: 'claude-code', machine: 'box-a', project: 'proj-alpha', model: 'claude-sonnet-4-5', requests: 3, ago: 120, tools: [{ tool: 'Read', success: true }, { tool: 'Bash', success: false }, { tool: 'Bash', success: false }] },
  { name: 'beta', agent: 'codex', machine: 'box-b', project: 'proj-beta', model: 'gpt-5', requests: 2, ago: 300, tools: [{ tool: 'shell', success: true }] },
  { name: 'gamma', agent: 'claude-code', machine: 'box-a', project: 'proj-gamma', model: 'claude-opus-4-1', requests: 1, ago: 600, tools: [] },
  { name: 'delta', agent: 'codex', machine: 'box-b', project: 'proj-alpha-two', model: 'gpt-5', requests: 4, ago: 900, tools: [] },
  { name: 'live', agent: 'claude-code', machine: 'box-a', project: 'proj-live', model: 'claude-sonnet-4-5', requests: 1, ago: 5, tools: [] },
];
const inputOf = (i: number) => 10_000 + 1_000 * i;
const OUTPUT = 500;

function events(now: number) {
  return SESSIONS.flatMap((s) => [
    ...Array.from({ length: s.requests }, (_, i) => ({
      type: 'api_request',
      model: s.model,
      input_tokens: inputOf(i),
      output_tokens: OUTPUT,
      session_id: id(s.name),
      project: s.project,
      request_id: `${id(s.name)}-${i}`,
      timestamp: now - s.ago - (s.requests - 1 - i) * 30,
      agent: s.agent,
      machine: s.machine,
    })),
    ...s.tools.map((t, i) => ({ type: 'tool_call', ...t, session_id: id(s.name), project: s.project, agent: s.agent, machine: s.machine, timestamp: now - s.ago - 1 - i })),
  ]);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const rowIds = (page: import('@playwright/test').Page) => page.getByTestId('sessions-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')));
const ids = (...names: string[]) => names.map(id);

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ server }) => {
  await server.post(events(Math.floor(Date.now() / 1000)));
});

test('the list filters by agent, text, project and state; sorts by the server; keeps the filters in the address across a reload', async ({ page, server }) => {
  await page.goto('/sessions');
  await expect.poll(() => rowIds(page)).toEqual(ids('live', 'alpha', 'beta', 'gamma', 'delta'));
  await expect(page.getByTestId('sessions-summary')).toHaveText('5 sessions, sorted by last seen descending');
  await expect(page.getByTestId('sessions-summary')).toHaveAttribute('aria-live', 'polite');

  await page.getByTestId('filter-agent').fill('codex');
  await page.getByTestId('filter-agent').press('Enter');
  await expect.poll(() => rowIds(page)).toEqual(ids('beta', 'delta'));
  await expect(page).toHaveURL(/\/sessions\?agent=codex$/);
  await expect(page.getByTestId('sessions-summary')).toHaveText('2 sessions, agent codex, sorted by last seen descending');

  // Sorting is the server's: by cost, both ways, as the API orders it.
  await page.getByTestId('sort-cost').click();
  const byCost = await getJson<SessionsList>(`${server.url}/api/sessions?agent=codex&sort=cost`);
  await expect.poll(() => rowIds(page)).toEqual(byCost.sessions.map((s) => s.session_id));
  expect(byCost.sessions.map((s) => s.session_id)).toEqual(ids('delta', 'beta'));
  await expect(page.locator('th[aria-sort="descending"]')).toContainText('Cost');
  await page.getByTestId('sort-cost').click();
  await expect.poll(() => rowIds(page)).toEqual(ids('beta', 'delta'));
  await expect(page).toHaveURL(/\/sessions\?agent=codex&sort=cost&order=asc$/);

  // A reload gives the same list, the inputs showing the filter.
  await page.reload();
  await expect.poll(() => rowIds(page)).toEqual(ids('beta', 'delta'));
  await expect(page.getByTestId('filter-agent')).toHaveValue('codex');
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Cost');

  // Text search over projects; then an exact project; then a state no session has.
  await page.getByTestId('filter-clear').click();
  await expect.poll(() => rowIds(page)).toEqual(ids('live', 'alpha', 'beta', 'gamma', 'delta'));
  await page.getByTestId('filter-q').fill('alpha');
  await page.getByTestId('filter-q').press('Enter');
  await expect.poll(() => rowIds(page)).toEqual(ids('alpha', 'delta'));
  await page.getByTestId('filter-project').fill('proj-alpha');
  await page.getByTestId('filter-apply').click();
  await expect.poll(() => rowIds(page)).toEqual(ids('alpha'));
  await expect(page).toHaveURL(/\/sessions\?project=proj-alpha&q=alpha$/);
  await page.getByTestId('filter-state').selectOption('working');
  await expect(page.getByTestId('sessions-row')).toHaveCount(0);
  await expect(page.getByTestId('sessions-list')).toContainText('No session matches these filters');
  await expect(page.getByTestId('sessions-summary')).toContainText('state working');

  // A shared link to a machine filter.
  await page.goto('/sessions?machine=box-a&model=claude-opus-4-1');
  await expect.poll(() => rowIds(page)).toEqual(ids('gamma'));
  await expect(page.getByTestId('filter-machine')).toHaveValue('box-a');
});

test('"Load more" pages through every session exactly once, in the API order', async ({ page, server }) => {
  await page.goto('/sessions?limit=2&sort=requests');
  await expect.poll(() => rowIds(page)).toHaveLength(2);
  await page.getByTestId('sessions-more').click();
  await expect.poll(() => rowIds(page)).toHaveLength(4);
  await page.getByTestId('sessions-more').click();
  await expect.poll(() => rowIds(page)).toHaveLength(5);
  await expect(page.getByTestId('sessions-more')).toHaveCount(0);
  await expect(page.getByTestId('sessions-end')).toHaveText('All 5 listed');
  const all = await getJson<SessionsList>(`${server.url}/api/sessions?sort=requests`);
  expect(await rowIds(page)).toEqual(all.sessions.map((s) => s.session_id));
  expect(new Set(await rowIds(page)).size).toBe(5);
});

test('a row opens its session page, whose totals are the API’s; the page reloads to itself', async ({ page, server }) => {
  const alpha = id('alpha');
  await page.goto('/sessions');
  // Keyboard: the row's link is reachable and opens with Enter.
  const link = page.locator(`[data-testid="sessions-row"][data-session="${alpha}"] a`);
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/sessions/${alpha}$`));
  const api = await getJson<SessionPage>(`${server.url}/api/sessions/${encodeURIComponent(alpha)}`);
  const s = api.session;
  // What was posted.
  expect(s.requests).toBe(3);
  expect(s.input_tokens).toBe(inputOf(0) + inputOf(1) + inputOf(2));
  expect(s.output_tokens).toBe(3 * OUTPUT);
  expect([s.tool_calls, s.failed_tool_calls]).toEqual([3, 2]);
  expect(s.cost_usd).toBeGreaterThan(0);

  const check = async () => {
    await expect(page.getByTestId('session-id')).toHaveText(alpha);
    await expect(page.getByTestId('session-agent')).toHaveText('claude-code');
    await expect(page.getByTestId('session-machine')).toHaveText('box-a');
    for (const [key, value] of [
      ['cost', s.cost_usd],
      ['requests', s.requests],
      ['input', s.input_tokens],
      ['output', s.output_tokens],
      ['tools', s.tool_calls],
      ['failed-tools', s.failed_tool_calls],
    ] as const) {
      await expect(page.getByTestId(`total-${key}`)).toHaveAttribute('data-value', String(value));
    }
    await expect(page.getByTestId('total-requests')).toHaveText('3');
    await expect(page.getByTestId('total-input')).toHaveText('33,000');
    await expect(page.getByTestId('total-cost')).toHaveText(`$${s.cost_usd < 0.01 ? s.cost_usd.toFixed(4) : s.cost_usd.toFixed(2)}`);
    await expect(page.getByTestId('request-row')).toHaveCount(api.requests.length);
    await expect(page.getByTestId('tool-failure-group')).toHaveCount(1);
    await expect(page.getByTestId('tool-failure-group')).toContainText('Bash');
    await expect(page.getByTestId('tool-failure-group')).toContainText('2');
    await expect(page.locator('[data-testid="tool-count"][data-tool="Read"]')).toContainText('1');
    await expect(page.getByTestId('session-timeline')).toHaveAttribute('data-points', String(api.timeline.length));
  };
  await check();

  // The most expensive request first when sorted by cost.
  await page.getByTestId('requests-sort-cost_usd').click();
  const top = Math.max(...api.requests.map((r) => r.cost_usd ?? 0));
  await expect(page.getByTestId('request-cost').first()).toHaveText(`$${top < 0.01 ? top.toFixed(4) : top.toFixed(2)}`);

  // The CSV export: a row per request and tool call.
  const download = page.waitForEvent('download');
  await page.getByTestId('session-export-csv').click();
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
  expect(lines).toHaveLength(1 + api.requests.length + api.tools.length);

  await page.reload();
  await check();
  await page.goBack();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(page.getByTestId('sessions-row')).toHaveCount(5);
});

test('the sessions table on / links to the session page', async ({ page }) => {
  await page.goto('/');
  const link = page.locator(`[data-testid="sessions-table"] [data-testid="session-link"][data-session="${id('beta')}"]`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${id('beta')}$`));
  await expect(page.getByTestId('total-requests')).toHaveText('2');
});

test('an unknown id shows "Session not found"', async ({ page }) => {
  await page.goto('/sessions/no-such-session');
  await expect(page.getByTestId('session-not-found')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Session not found' })).toBeVisible();
  await expect(page.getByTestId('session-not-found')).toContainText('no-such-session');
});

test('an active session updates when new events arrive, without a reload', async ({ page, server }) => {
  const live = id('live');
  await page.goto(`/sessions/${live}`);
  await expect(page.getByTestId('total-requests')).toHaveText('1');
  await expect(page.getByTestId('session-active')).toBeVisible();
  const now = Math.floor(Date.now() / 1000);
  await server.post([
    { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 7_000, output_tokens: 700, session_id: live, project: 'proj-live', request_id: `${live}-new`, timestamp: now, agent: 'claude-code', machine: 'box-a' },
    { type: 'tool_call', tool: 'Edit', success: false, session_id: live, project: 'proj-live', agent: 'claude-code', machine: 'box-a', timestamp: now },
  ]);
  await expect(page.getByTestId('total-requests')).toHaveText('2', { timeout: 10_000 });
  await expect(page.getByTestId('request-row')).toHaveCount(2);
  await expect(page.getByTestId('total-failed-tools')).toHaveText('1');
  const api = await getJson<SessionPage>(`${server.url}/api/sessions/${live}`);
  await expect(page.getByTestId('total-cost')).toHaveAttribute('data-value', String(api.session.cost_usd));
  await expect(page.getByTestId('total-input')).toHaveText(String((inputOf(0) + 7_000).toLocaleString('en-US')));
});

test('"Agents now" opens the session page, which shows the live state the hooks report', async ({ page, server }) => {
  const live = id('live');
  const res = await fetch(`${server.url}/api/hooks/claude-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hook_event_name: 'UserPromptSubmit', prompt: 'go on', session_id: live, transcript_path: `/tmp/${live}.jsonl`, cwd: '/home/dev/proj-live' }),
  });
  expect(res.status).toBe(200);
  await page.goto('/');
  const row = page.locator(`[data-testid="agent-row"][data-session="${live}"]`);
  await expect(row).toHaveAttribute('data-state', 'working');
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${live}$`));
  await expect(page.getByTestId('session-state')).toHaveText('working');
  await page.goto('/sessions?state=working');
  await expect.poll(() => rowIds(page)).toEqual([live]);
});
