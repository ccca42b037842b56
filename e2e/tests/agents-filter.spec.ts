import type { Page } from '@playwright/test';
import type { MetricsSnapshot } from '@amiga/protocol';
import { expect, kpiNumber, test } from './support/fixtures.js';
import { watchSocketFrames } from './support/frames.js';

/**
 * The agent and machine filter: three agents on two machines, ingested through
 * `POST /api/events`; the page filtered to one agent shows exactly what the REST
 * snapshot of that agent says, keeps the filter in its address across a reload,
 * and with every agent again draws the charts by provider.
 */

// A server of its own: the events below must be the only ones it holds.
test.use({ serverEnv: { MONITORING_MACHINE: 'central' } });

/** `ago`: seconds before now of the agent's first event (box-b went quiet half an hour ago). */
const AGENTS = [
  { agent: 'claude-code', machine: 'box-a', model: 'claude-sonnet-4-5', requests: 2, provider: 'anthropic', ago: 240 },
  { agent: 'codex', machine: 'box-b', model: 'gpt-5', requests: 3, provider: 'openai', ago: 1840 },
  { agent: 'gemini-cli', machine: 'box-a', model: 'gemini-2.5-pro', requests: 1, provider: 'google', ago: 220 },
] as const;

function events() {
  const now = Math.floor(Date.now() / 1000);
  return AGENTS.flatMap(({ agent, machine, model, requests, ago }) => [
    ...Array.from({ length: requests }, (_, i) => ({
      type: 'api_request',
      model,
      input_tokens: 100_000 + 1_000 * i,
      output_tokens: 20_000,
      session_id: `e2e-${agent}`,
      project: `proj-${agent}`,
      request_id: `e2e-${agent}-${i}`,
      timestamp: now - ago + i,
      agent,
      machine,
    })),
    { type: 'tool_call', tool: 'Read', session_id: `e2e-${agent}`, agent, machine, timestamp: now - ago + 10 },
  ]);
}

async function snapshotOf(url: string, query = ''): Promise<MetricsSnapshot> {
  const res = await fetch(`${url}/api/metrics/snapshot?hours=24${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as MetricsSnapshot;
}

/** The KPI figures shown equal those of `snap`. */
async function expectKpis(page: Page, snap: MetricsSnapshot) {
  await expect(page.getByTestId('kpi-api-requests')).toHaveText(snap.overview.claude_api.total_requests.toLocaleString('en-US'));
  await expect(page.getByTestId('kpi-tool-calls')).toHaveText(String(snap.overview.tools.total_calls));
  expect(await kpiNumber(page.getByTestId('kpi-total-cost'))).toBeCloseTo(snap.overview.costs.total_cost, 2);
}

test.beforeAll(async ({ server }) => {
  await server.post(events());
});

test('one agent at a time: the figures are that agent’s, the filter is in the address and survives a reload, and “all” shows the providers', async ({ page, server }) => {
  const frames = watchSocketFrames(page);
  await page.goto('/?transport=websocket');
  const all = await snapshotOf(server.url);
  expect(all.overview.claude_api.total_requests).toBe(6);
  await expectKpis(page, all);
  await expect(page.getByTestId('scope-banner')).toHaveCount(0);
  await expect(page.getByTestId('agent-usage-row')).toHaveCount(3);
  await expect(page.getByTestId('machine-row')).toHaveCount(2);
  // Last seen: box-a's latest event (gemini's tool call) 3 min 30 s ago; box-b's 30 min 30 s ago, shown as quiet.
  const boxA = page.locator('[data-testid="machine-row"][data-machine="box-a"]');
  const boxB = page.locator('[data-testid="machine-row"][data-machine="box-b"]');
  await expect(boxA).toHaveAttribute('data-quiet', 'false');
  await expect(boxA.locator('td').last()).toHaveText('3 min ago');
  await expect(boxB).toHaveAttribute('data-quiet', 'true');
  await expect(boxB.locator('td').last()).toHaveText('30 min ago · quiet');
  await expect(page.getByTestId('machine-row').first()).toHaveAttribute('data-machine', 'box-a');

  // Every agent seen is offered, and picking one resubscribes without a reload.
  const agentSelect = page.getByTestId('agent-select');
  await expect(agentSelect.locator('option')).toHaveText(['all', 'claude-code', 'codex', 'gemini-cli']);
  await expect(page.getByTestId('machine-select').locator('option')).toHaveText(['all', 'box-a', 'box-b']);
  const kpi = await page.getByTestId('kpi-api-requests').elementHandle();
  await agentSelect.selectOption('codex');
  await expect(page).toHaveURL(/[?&]agent=codex(&|$)/);
  await expect.poll(() => frames.of('subscribe', 'out').some((f) => f.payload.includes('"agent":"codex"'))).toBe(true);
  const banner = page.getByTestId('scope-banner');
  await expect(banner).toHaveAttribute('data-agent', 'codex');
  await expect(banner).toHaveAttribute('data-pending', 'false');
  await expect(banner).toContainText('only agent codex');
  const codex = await snapshotOf(server.url, '&agent=codex');
  expect(codex.window.agent).toBe('codex');
  expect(codex.overview.claude_api.total_requests).toBe(3);
  await expectKpis(page, codex);
  expect(await kpi?.evaluate((el) => el.isConnected)).toBe(true);
  await expect(page.getByTestId('agent-usage-row')).toHaveCount(1);
  // The other agents stay offered while one is shown.
  await expect(agentSelect.locator('option')).toHaveText(['all', 'claude-code', 'codex', 'gemini-cli']);

  // Reload: the address keeps the filter.
  await page.reload();
  await expect(agentSelect).toHaveValue('codex');
  await expect(banner).toHaveAttribute('data-agent', 'codex');
  await expectKpis(page, codex);
  // The filtered snapshot names codex and box-b only; every agent and machine is still offered.
  await expect(agentSelect.locator('option')).toHaveText(['all', 'claude-code', 'codex', 'gemini-cli']);
  await expect(page.getByTestId('machine-select').locator('option')).toHaveText(['all', 'box-a', 'box-b']);

  // A machine on top of it: both filters apply (codex ran on box-b only).
  await page.getByTestId('machine-select').selectOption('box-a');
  await expect(page).toHaveURL(/agent=codex&machine=box-a/);
  await expect(banner).toHaveAttribute('data-machine', 'box-a');
  await expect(page.getByTestId('kpi-api-requests')).toHaveText('0');
  await page.getByTestId('machine-select').selectOption('');

  // All again: the figures of every agent, and the charts by provider.
  await agentSelect.selectOption('');
  await expect(page).not.toHaveURL(/agent=/);
  await expect(banner).toHaveCount(0);
  await expectKpis(page, await snapshotOf(server.url));
  const providers = AGENTS.map((a) => a.provider);
  const overTime = page.getByTestId('chart-provider-cost');
  await expect(overTime).toHaveAttribute('data-providers', providers.join(','));
  await expect(overTime.locator('.recharts-area')).toHaveCount(3);
  const split = page.getByTestId('chart-provider-split');
  await expect(split.locator('.recharts-pie-sector')).toHaveCount(3);
  for (const p of providers) {
    await expect(split.locator(`[data-provider="${p}"]`)).toHaveAttribute('data-cost', String(all.overview.costs.by_provider?.[p]));
  }
});

test('sse: a shared address with a machine filter streams that machine’s figures', async ({ page, server }) => {
  await page.goto('/?transport=sse&machine=box-a');
  await expect(page.getByTestId('machine-select')).toHaveValue('box-a');
  const boxA = await snapshotOf(server.url, '&machine=box-a');
  expect(boxA.window.machine).toBe('box-a');
  expect(boxA.overview.claude_api.total_requests).toBe(3);
  await expect(page.getByTestId('scope-banner')).toHaveAttribute('data-machine', 'box-a');
  await expectKpis(page, boxA);
  await expect(page.getByTestId('machine-row')).toHaveCount(1);
  await expect(page.locator('[data-testid="agent-usage-row"]')).toHaveCount(2);
  // A malformed filter in the address is no filter, and is dropped from it.
  await page.goto('/?transport=sse&agent=Not%20An%20Agent');
  await expect(page).not.toHaveURL(/agent=/);
  await expect(page.getByTestId('agent-select')).toHaveValue('');
  await expectKpis(page, await snapshotOf(server.url));
});

test('a 30-day window under a filter draws that agent’s history', async ({ page }) => {
  await page.goto('/?agent=gemini-cli');
  await expect(page.getByTestId('scope-banner')).toHaveAttribute('data-agent', 'gemini-cli');
  const history = page.waitForRequest((req) => req.url().includes('/api/metrics/history?') && new URL(req.url()).searchParams.get('agent') === 'gemini-cli');
  await page.getByTestId('window-select').selectOption('720');
  await history;
  const overTime = page.getByTestId('chart-provider-cost');
  await expect(overTime).toHaveAttribute('data-source', 'history');
  await expect(overTime).toHaveAttribute('data-providers', 'google');
  // Back to every agent: the history is fetched again without the filter.
  const unfiltered = page.waitForRequest((req) => req.url().includes('/api/metrics/history?') && !new URL(req.url()).searchParams.has('agent'));
  await page.getByTestId('scope-clear').click();
  await unfiltered;
  await expect(overTime).toHaveAttribute('data-providers', 'anthropic,openai,google');
});
