import { expect, test } from './support/fixtures.js';

/**
 * The "Agents now" panel: a session moving to needs-input and back, from the hooks Claude
 * Code posts, with the page title's count and a browser notification (permission granted).
 */
const session = `e2e-live-${Date.now()}`;

// A server of its own: the hooks below store a tool call, and other files expect a fresh server.
test.use({ serverEnv: { MONITORING_STALE_SESSION_MINUTES: '10' } });
const common = { session_id: session, transcript_path: `/tmp/${session}.jsonl`, cwd: '/home/dev/checkout', permission_mode: 'default' };

test('a session needing input comes first with why and how long, notifies, counts in the title, and goes back to working', async ({ page, server }) => {
  await page.addInitScript(() => {
    const shown: string[] = [];
    class FakeNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      constructor(title: string) {
        shown.push(title);
      }
    }
    Object.assign(window, { Notification: FakeNotification, __notifications: shown });
  });
  const hook = async (body: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/hooks/claude-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...common, ...body }) });
    expect(res.status).toBe(200);
  };
  await page.goto('/');
  await hook({ hook_event_name: 'UserPromptSubmit', prompt: 'release it' });
  await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'npm publish' }, tool_use_id: 'toolu_e2e' });
  const row = page.locator(`[data-testid="agent-row"][data-session="${session}"]`);
  await expect(row).toHaveAttribute('data-state', 'working');
  await expect(row).toContainText('running Bash');
  await expect(row).toContainText('checkout');

  await hook({ hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' });
  await expect(row).toHaveAttribute('data-state', 'needs_input');
  await expect(row).toContainText('Claude needs your permission to use Bash');
  await expect(row).toContainText(/waiting \d+s/);
  await expect(page.getByTestId('agent-row').first()).toHaveAttribute('data-session', session);
  await expect(page.getByTestId('agents-count-needs_input')).toHaveText('1 needs input');
  await expect(page).toHaveTitle(/^\(1\) /);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications)).toEqual(['AMIGA Monitor: checkout needs your input']);

  await hook({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command: 'npm publish' }, tool_response: {}, tool_use_id: 'toolu_e2e', duration_ms: 900 });
  await expect(row).toHaveAttribute('data-state', 'working');
  await expect(page.getByTestId('agents-count-needs_input')).toHaveText('0 needs input');
  await expect(page).not.toHaveTitle(/^\(\d+\) /);
});
