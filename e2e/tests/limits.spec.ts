import { apiRequest, expect, test } from './support/fixtures.js';

/**
 * The "Plan limits" panel: a Claude Code status line with its 5-hour and weekly windows
 * (measured), requests that make a 5-hour block (estimated, against the `pro` plan's limit),
 * and a later status line with a higher percentage that the gauge shows live.
 */

// A server of its own, with a plan so the block has a token limit (`limit_source: plan`).
test.use({ serverEnv: { MONITORING_PLAN: 'pro' } });

const MACHINE = 'e2e-laptop';
const nowS = () => Math.floor(Date.now() / 1000);

/** A status line as Claude Code writes it (see apps/server/src/test-support/fixtures/statusline). */
const statusLine = (fiveHour: number, fiveResetsAt: number, weekly: number, weekResetsAt: number) => ({
  hook_event_name: 'Status',
  session_id: 'e2e-limits-session',
  transcript_path: '/home/dev/.claude/projects/-home-dev-shop/e2e-limits-session.jsonl',
  cwd: '/home/dev/shop',
  model: { id: 'claude-opus-4-6', display_name: 'Opus 4.6' },
  workspace: { current_dir: '/home/dev/shop', project_dir: '/home/dev/shop' },
  version: '2.1.97',
  cost: { total_cost_usd: 1.25, total_duration_ms: 600_000, total_api_duration_ms: 120_000, total_lines_added: 40, total_lines_removed: 3 },
  context_window: { total_input_tokens: 52_000, total_output_tokens: 4_000, context_window_size: 200_000, used_percentage: 26, remaining_percentage: 74 },
  rate_limits: {
    five_hour: { used_percentage: fiveHour, resets_at: fiveResetsAt },
    seven_day: { used_percentage: weekly, resets_at: weekResetsAt },
  },
});

/** `POST /api/statusline/claude-code` for a machine; expects both windows recorded. */
async function postLineTo(url: string, machine: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/api/statusline/claude-code?machine=${machine}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ session: true, limits: 2 });
}

test('measured 5-hour and weekly gauges with reset and pace, the estimated block beside them, updated live', async ({ page, server }) => {
  const postLine = (body: unknown) => postLineTo(server.url, MACHINE, body);

  const t = nowS();
  // 5-hour window resetting in 2 h 14 min (+40 s of slack): 55% of it elapsed, 63.5% used → ahead of pace.
  const fiveResets = t + 2 * 3600 + 14 * 60 + 40;
  // Weekly window resetting in 5 days: 2 of 7 days elapsed (28.6%), 12% used → behind pace.
  const weekResets = t + 5 * 86_400 + 600;
  await postLine(statusLine(63.5, fiveResets, 12, weekResets));
  // Claude Code's requests (a block for claude-code, under the pro plan's 44,000 tokens) and Codex's (a block without a limit).
  await server.post([
    apiRequest({ agent: 'claude-code', input_tokens: 4_000, output_tokens: 1_000 }),
    apiRequest({ agent: 'claude-code', input_tokens: 4_000, output_tokens: 2_000 }),
    apiRequest({ agent: 'codex', model: 'gpt-5-codex', input_tokens: 3_000, output_tokens: 500, session_id: 'e2e-codex' }),
  ]);

  await page.goto('/');
  const panel = page.getByTestId('limits-panel');
  await expect(panel).toContainText('Plan limits');
  await expect(panel).toContainText('measured: reported by the agent');

  const claude = panel.locator('[data-testid="limits-agent"][data-agent="claude-code"]');
  await expect(claude).toHaveAttribute('data-five-hour', 'measured');
  const five = claude.locator(`[data-testid="limit-gauge"][data-window="5h"][data-machine="${MACHINE}"]`);
  const week = claude.locator(`[data-testid="limit-gauge"][data-window="7d"][data-machine="${MACHINE}"]`);

  // The 5-hour gauge: measured, the main one, 63.5% used, resets in 2 h 14 min, ahead of pace.
  await expect(five).toHaveAttribute('data-main', 'true');
  await expect(five.getByTestId('gauge-kind')).toHaveText('measured');
  await expect(five.getByTestId('gauge-text')).toHaveText('63.5% used');
  await expect(five.getByTestId('gauge-reset')).toHaveText('resets in 2 h 14 min');
  await expect(five.getByTestId('gauge-pace')).toHaveText('ahead of pace');
  await expect(five.getByTestId('gauge-pace')).toHaveAttribute('title', /^63\.5% used, 55(\.\d+)?% of the window elapsed$/);
  await expect(five).toContainText('status line');
  // The elapsed share is marked on the bar.
  expect(await five.getByTestId('gauge-mark').evaluate((el) => parseFloat((el as HTMLElement).style.left))).toBeCloseTo(55, 0);

  // The weekly gauge: measured, 12% used, resets in 5 days, behind pace.
  await expect(week).toHaveAttribute('data-main', 'false');
  await expect(week.getByTestId('gauge-kind')).toHaveText('measured');
  await expect(week.getByTestId('gauge-text')).toHaveText('12% used');
  await expect(week.getByTestId('gauge-reset')).toHaveText('resets in 5 d');
  await expect(week.getByTestId('gauge-pace')).toHaveText('behind pace');

  // Claude Code's block: estimated, not the main gauge (the measured 5-hour figure wins), against the plan's limit.
  const claudeBlock = claude.getByTestId('block-gauge');
  await expect(claudeBlock).toHaveAttribute('data-main', 'false');
  await expect(claudeBlock.getByTestId('gauge-kind')).toHaveText('estimated');
  await expect(claudeBlock).toHaveAttribute('data-limit-source', 'plan');
  await expect(claudeBlock.getByTestId('block-limit')).toHaveText('limit: 44K tokens (plan)');
  // 4,000 + 1,000 + 4,000 + 2,000 input + output tokens of 44,000.
  await expect(claudeBlock.getByTestId('gauge-text')).toHaveText('25% of the limit');
  await expect(claudeBlock.getByTestId('block-so-far')).toHaveText(/^11K tokens · \$\d+\.\d{2,4}$/);
  await expect(claudeBlock.getByTestId('block-burn')).toContainText('tokens/min');
  await expect(claudeBlock.getByTestId('block-projection')).toContainText('of the limit');
  await expect(claudeBlock.getByTestId('block-end')).toHaveText(/^ends in (\d+ h( \d+ min)?|\d+ min)$/);
  await expect(claude).toContainText('The measured 5-hour figure wins');

  // Codex: no status line, so its block leads, estimated, with no limit known.
  const codex = panel.locator('[data-testid="limits-agent"][data-agent="codex"]');
  await expect(codex).toHaveAttribute('data-five-hour', 'estimated');
  await expect(codex.getByTestId('limit-gauge')).toHaveCount(0);
  const codexBlock = codex.getByTestId('block-gauge');
  await expect(codexBlock).toHaveAttribute('data-main', 'true');
  await expect(codexBlock.getByTestId('gauge-kind')).toHaveText('estimated');
  await expect(codexBlock.getByTestId('block-limit')).toHaveText('limit: no limit known');
  await expect(codexBlock.getByTestId('block-so-far')).toContainText('3.5K tokens');

  // A newer status line with a higher percentage: the gauge follows without a reload.
  const navigations: string[] = [];
  page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()));
  await postLine(statusLine(91, fiveResets, 14, weekResets));
  await expect(five.getByTestId('gauge-text')).toHaveText('91% used');
  await expect(five.locator('.meter-fill')).toHaveClass(/near/);
  await expect(week.getByTestId('gauge-text')).toHaveText('14% used');
  await expect(five.getByTestId('gauge-pace')).toHaveText('ahead of pace');
  expect(navigations).toEqual([]);
});

test('sse: a window whose reset time has passed shows as reset, without a pace, until a new report arrives live', async ({ page, server }) => {
  const desk = 'e2e-desk';
  const t = nowS();
  // The 5-hour window reset a minute ago: its 88% is stale.
  await postLineTo(server.url, desk, statusLine(88, t - 60, 30, t + 3 * 86_400));
  await page.goto('/?transport=sse');
  await expect(page.getByTestId('transport-select')).toHaveValue('sse');
  const five = page.locator(`[data-testid="limit-gauge"][data-agent="claude-code"][data-window="5h"][data-machine="${desk}"]`);
  await expect(five.getByTestId('gauge-text')).toHaveText('reset');
  await expect(five.getByTestId('gauge-reset')).toHaveText('reset');
  await expect(five.getByTestId('gauge-pace')).toHaveCount(0);
  await expect(five).not.toContainText('88%');
  const week = page.locator(`[data-testid="limit-gauge"][data-window="7d"][data-machine="${desk}"]`);
  await expect(week.getByTestId('gauge-reset')).toHaveText(/^resets in (3 d|2 d 23 h)$/);

  // The next window's first report: 4% used, resetting in 4 h 50 min (10 min elapsed = 3.3%) → ahead of pace.
  await postLineTo(server.url, desk, statusLine(4, nowS() + 4 * 3600 + 50 * 60 + 40, 31, t + 3 * 86_400));
  await expect(five.getByTestId('gauge-text')).toHaveText('4% used');
  await expect(five.getByTestId('gauge-reset')).toHaveText('resets in 4 h 50 min');
  await expect(five.getByTestId('gauge-pace')).toHaveText('ahead of pace');
  await expect(week.getByTestId('gauge-text')).toHaveText('31% used');
});
