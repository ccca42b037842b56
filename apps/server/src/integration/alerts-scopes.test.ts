import type { AlertsStatus } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { PATHS } from '../test-support/alert-endpoints.js';
import { alertsHarness } from '../test-support/alerts-harness.js';
import { ingest, sleep, waitFor } from '../test-support/server.js';

const h = alertsHarness('alerts-scopes');
const { clock } = h;
const start = (rules: unknown[]) => h.start(rules);

const request = (agent: string, machine: string, cost: number, ago = 60, project = '/home/me/api') => ({
  type: 'api_request' as const,
  agent,
  machine,
  session_id: `${agent}-${machine}`,
  project,
  model: 'claude-sonnet-4-5',
  input_tokens: 1,
  output_tokens: 1,
  cost_usd: cost,
  timestamp: clock.now() - ago,
});

const hooks = () => h.endpoints.accepted(PATHS.webhook);
const byRule = (rule: string) => hooks().filter((r) => r.body.rule === rule);
const status = async (a: App) => (await fetch(`${a.url}/api/alerts`)).json() as Promise<AlertsStatus>;
const quiet = async (a: App) => {
  await sleep(400);
  await a.alerts!.settled();
};

describe('alerts: cost_over per agent, machine and project', () => {
  it('a rule on one agent fires for that agent’s cost only', async () => {
    const a = await start([
      { name: 'codex budget', when: { cost_over: { usd: 5, hours: 1, agent: 'codex' } }, notify: ['hook'] },
      { name: 'claude budget', when: { cost_over: { usd: 50, hours: 1, agent: 'claude-code' } }, notify: ['hook'] },
    ]);
    // claude-code spends 20: over codex's budget in total, but not codex's own cost, and under its own.
    await ingest(a, [request('claude-code', 'laptop', 20)]);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(0);

    await ingest(a, [request('codex', 'laptop', 3), request('codex', 'build-01', 2.5)]);
    await waitFor(() => hooks().length === 1, 5000, 'the codex budget alert');
    expect(hooks()[0]!.body).toMatchObject({
      notice: 'fired',
      rule: 'codex budget',
      title: 'Cost of codex $5.50 in the last 1 h: over the budget of $5.00',
      data: { cost_usd: 5.5, budget_usd: 5, hours: 1, agent: 'codex', machine: null, project: null },
    });
    await ingest(a, [request('claude-code', 'laptop', 25)]);
    await quiet(a);
    expect(hooks().map((r) => r.body.rule)).toEqual(['codex budget']);
    expect((await status(a)).active.map((x) => [x.rule, x.instance])).toEqual([['codex budget', 'agent:codex']]);
  });

  it('a rule on a machine counts that machine’s events; agent and project narrow together', async () => {
    const a = await start([
      { name: 'build box', when: { cost_over: { usd: 4, hours: 1, machine: 'build-01' } }, notify: ['hook'] },
      { name: 'codex on api', when: { cost_over: { usd: 2, hours: 1, agent: 'codex', project: 'api' } }, notify: ['hook'] },
    ]);
    await ingest(a, [request('codex', 'laptop', 3, 60, '/home/me/web'), request('claude-code', 'build-01', 3)]);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(0);

    await ingest(a, [request('codex', 'build-01', 2.25)]);
    await waitFor(() => hooks().length === 2, 5000, 'both alerts');
    expect(byRule('build box')[0]!.body).toMatchObject({ title: 'Cost on build-01 $5.25 in the last 1 h: over the budget of $4.00', data: { machine: 'build-01', cost_usd: 5.25 } });
    expect(byRule('codex on api')[0]!.body).toMatchObject({ title: 'Cost of codex in api $2.25 in the last 1 h: over the budget of $2.00', data: { agent: 'codex', project: 'api', cost_usd: 2.25 } });
    await quiet(a);
    expect(hooks()).toHaveLength(2);
  });
});

describe('alerts: no_data per machine and agent', () => {
  it('fires for the machine that went quiet while another keeps reporting, and resolves when it is heard from again', async () => {
    const a = await start([
      { name: 'build quiet', when: { no_data: { minutes: 10, machine: 'build-01' } }, notify: ['hook'] },
      { name: 'laptop quiet', when: { no_data: { minutes: 10, machine: 'laptop' } }, notify: ['hook'] },
      { name: 'gemini quiet', when: { no_data: { minutes: 10, agent: 'gemini-cli' } }, notify: ['hook'] },
    ]);
    await ingest(a, [request('codex', 'build-01', 0.01, 5), request('claude-code', 'laptop', 0.01, 5)]);
    await quiet(a);
    expect(h.endpoints.received).toHaveLength(0);

    // Eleven minutes on, the laptop still reports; build-01 does not. gemini-cli was never heard from: no alert.
    clock.advance(11 * 60);
    await ingest(a, [request('claude-code', 'laptop', 0.01, 1)]);
    await waitFor(() => hooks().length === 1, 5000, 'the quiet machine');
    expect(hooks()[0]!.body).toMatchObject({ notice: 'fired', rule: 'build quiet', condition: 'no_data', data: { machine: 'build-01', agent: null, minutes: 10 } });
    expect(hooks()[0]!.body.title).toBe('No data on build-01 for 11 min');
    await quiet(a);
    expect(hooks().map((r) => r.body.rule)).toEqual(['build quiet']);

    await ingest(a, [request('codex', 'build-01', 0.01, 1)]);
    await waitFor(() => hooks().length === 2, 5000, 'resolved');
    expect(hooks()[1]!.body).toMatchObject({ notice: 'resolved', rule: 'build quiet' });
    await quiet(a);
    expect(hooks()).toHaveLength(2);
  });
});

describe('alerts: no_data per agent', () => {
  it('names the agent that went quiet', async () => {
    const a = await start([{ name: 'codex quiet', when: { no_data: { minutes: 5, agent: 'codex' } }, notify: ['hook'] }]);
    await ingest(a, [request('codex', 'laptop', 0.01, 1)]);
    clock.advance(6 * 60);
    await ingest(a, [request('claude-code', 'laptop', 0.01, 1)]);
    await waitFor(() => hooks().length === 1, 5000, 'the quiet agent');
    expect(hooks()[0]!.body).toMatchObject({ title: 'No data from codex for 6 min', data: { agent: 'codex', machine: null } });
  });
});
