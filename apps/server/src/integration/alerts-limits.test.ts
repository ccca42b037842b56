import { API_PATHS, type AlertsStatus } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { PATHS } from '../test-support/alert-endpoints.js';
import { alertsHarness } from '../test-support/alerts-harness.js';
import { sleep, waitFor } from '../test-support/server.js';

const h = alertsHarness('alerts-limits');
const { clock } = h;
const start = (rules: unknown[]) => h.start(rules);

/** Posts a status line whose five-hour window is `used` percent used, `elapsed` seconds into it, a second after the last one. */
async function statusLine(a: App, used: number, elapsed: number, machine = 'laptop-1'): Promise<void> {
  clock.set(clock.now() + 1);
  const body = { session_id: 's-1', model: { id: 'claude-opus-4-1' }, rate_limits: { five_hour: { used_percentage: used, resets_at: clock.now() - elapsed + 5 * 3600 } } };
  const res = await fetch(`${a.url}${API_PATHS.statuslineClaudeCode}?machine=${machine}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ session: true, limits: 1 });
}

const hooks = () => h.endpoints.accepted(PATHS.webhook);
const status = async (a: App) => (await fetch(`${a.url}/api/alerts`)).json() as Promise<AlertsStatus>;
/** Lets commits and ticks run, then waits for the alerts to settle. */
const quiet = async (a: App) => {
  await sleep(400);
  await a.alerts!.settled();
};

describe('alerts: plan limits from the status line', () => {
  it('limit_over fires once over the percent, stays quiet while over, and resolves below it', async () => {
    const a = await start([{ name: 'five hours', when: { limit_over: { percent: 80, window: '5h' } }, notify: ['hook'] }]);
    // Below the threshold: nothing, and the rule has its data (no health problem).
    await statusLine(a, 42, 3 * 3600);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(0);
    expect((await status(a)).rules[0]!.problem).toBeNull();

    await statusLine(a, 85, 3 * 3600);
    await waitFor(() => hooks().length === 1, 5000, 'the limit alert');
    const fired = hooks()[0]!.body;
    expect(fired).toMatchObject({
      notice: 'fired',
      rule: 'five hours',
      condition: 'limit_over',
      title: 'claude-code 5h limit 85% used (threshold 80%)',
      data: { agent: 'claude-code', window: '5h', machine: 'laptop-1', used_percent: 85, threshold_percent: 80 },
    });

    // Higher still, more status lines: no second message.
    await statusLine(a, 91, 3 * 3600);
    await statusLine(a, 93, 3 * 3600);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(1);
    expect((await status(a)).active.map((x) => [x.rule, x.instance])).toEqual([['five hours', 'claude-code:5h@laptop-1']]);

    // A lower reading (the window moved on): resolved, once.
    await statusLine(a, 12, 60);
    await waitFor(() => hooks().length === 2, 5000, 'the resolved message');
    expect(hooks()[1]!.body).toMatchObject({ notice: 'resolved', rule: 'five hours', condition: 'limit_over' });
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(2);
    expect((await status(a)).active).toEqual([]);
  });

  it('keeps machines apart: each machine over the limit is its own alert', async () => {
    const a = await start([{ name: 'five hours', when: { limit_over: { percent: 80 } }, notify: ['hook'] }]);
    await statusLine(a, 81, 3600, 'laptop-1');
    await statusLine(a, 20, 3600, 'desk-2');
    await waitFor(() => hooks().length === 1, 5000, 'laptop-1 alert');
    await statusLine(a, 88, 3600, 'desk-2');
    await waitFor(() => hooks().length === 2, 5000, 'desk-2 alert');
    await quiet(a);
    expect(hooks().map((r) => (r.body.data as { machine: string }).machine)).toEqual(['laptop-1', 'desk-2']);
  });

  it('limit_projected fires once when the pace reaches the limit before the reset, and not behind pace', async () => {
    const a = await start([{ name: 'pace', when: { limit_projected: {} }, notify: ['hook'] }]);
    // 30% used three fifths of the way in: on pace for 50%.
    await statusLine(a, 30, 3 * 3600);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(0);

    // 40% used a fifth of the way in: on pace for 200%, reached two and a half hours before the reset.
    await statusLine(a, 40, 3600);
    await waitFor(() => hooks().length === 1, 5000, 'the projection alert');
    expect(hooks()[0]!.body).toMatchObject({
      notice: 'fired',
      condition: 'limit_projected',
      data: { agent: 'claude-code', window: '5h', machine: 'laptop-1', used_percent: 40, threshold_percent: 100 },
    });
    expect((hooks()[0]!.body.data as { projected_percent: number }).projected_percent).toBeCloseTo(200, 0);
    expect(hooks()[0]!.body.title).toMatch(/^claude-code 5h limit on pace for 200% before it resets at /);

    // Still ahead of pace on the next status lines: no repeat.
    await statusLine(a, 45, 3700);
    await statusLine(a, 50, 3800);
    await quiet(a);
    expect(hooks()).toHaveLength(1);
  });
});
