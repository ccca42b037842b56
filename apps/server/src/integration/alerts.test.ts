import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertsStatus, AlertTestResult } from '@amiga/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertsFile } from '../alerts/loader.js';
import { createApp, type App } from '../app.js';
import { manualClock } from '../clock.js';
import { testConfig, type Config } from '../config/config.js';
import { AlertEndpoints, channelsFor, PATHS } from '../test-support/alert-endpoints.js';
import { ingest, waitFor } from '../test-support/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-alerts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let endpoints: AlertEndpoints;
let app: App | undefined;
beforeAll(async () => {
  endpoints = await new AlertEndpoints().start();
});
afterAll(() => endpoints.close());
afterEach(async () => {
  await app?.close();
  app = undefined;
  endpoints.received.length = 0;
});

let files = 0;
function writeRules(rules: unknown[], file = path.join(dir, `alerts-${files++}.json`)): string {
  fs.writeFileSync(file, JSON.stringify({ channels: channelsFor(endpoints.url), rules }));
  return file;
}

const clock = manualClock(Date.now() / 1000);
async function start(file: string, overrides: Partial<Config> = {}): Promise<App> {
  clock.set(Date.now() / 1000);
  const config = testConfig({
    alertsPath: file,
    alerts: loadAlertsFile(file),
    alertRetry: { firstMs: 100, maxMs: 2000, retryForSeconds: 3600, timeoutMs: 400 },
    alertTickMs: 100,
    publicUrl: 'https://monitor.example.com',
    ...overrides,
  });
  app = createApp({ config, clock });
  await app.listen();
  return app;
}

const status = async (a: App): Promise<AlertsStatus> => (await fetch(`${a.url}/api/alerts`)).json() as Promise<AlertsStatus>;
const health = async (a: App) => (await fetch(`${a.url}/api/health`)).json() as Promise<{ status: string; problems?: Record<string, string> }>;
const settle = async (a: App) => {
  await a.alerts!.settled();
};

describe('alerts: a failed task', () => {
  it('reaches Telegram, Slack, Discord and a webhook once each, with the right text', async () => {
    const a = await start(writeRules([{ name: 'task failed', when: { task_failed: {} }, notify: ['ops', 'team', 'dev', 'hook'] }]));
    await ingest(a, [
      { type: 'task', id: 'build-7', status: 'running', description: 'Fix the (flaky) test_login.py', timestamp: clock.now() - 120 },
      { type: 'task', id: 'build-7', status: 'failed', error: 'exit 1: *boom* <html> & more', cost_usd: 0.42, timestamp: clock.now() - 5 },
    ]);
    await waitFor(() => Object.values(PATHS).every((p) => endpoints.accepted(p).length === 1), 5000, 'four deliveries');

    const telegram = endpoints.accepted(PATHS.telegram)[0]!.body;
    expect(telegram.chat_id).toBe('-100123456');
    expect(telegram.parse_mode).toBe('MarkdownV2');
    expect(telegram.text).toBe(
      [
        '*🔴 Alert: Task build\\-7 failed*',
        '_Task:_ Fix the \\(flaky\\) test\\_login\\.py',
        '_Error:_ exit 1: \\*boom\\* <html\\> & more',
        '_Cost:_ $0\\.4200',
        '_Ran for:_ 1 min',
        '[Open the dashboard](https://monitor.example.com/?task=build-7)',
        'rule: task failed',
      ].join('\n'),
    );
    expect(endpoints.accepted(PATHS.slack)[0]!.body.text).toBe(
      ['*🔴 Alert: Task build-7 failed*', 'Task: Fix the (flaky) test_login.py', 'Error: exit 1: *boom* &lt;html&gt; &amp; more', 'Cost: $0.4200', 'Ran for: 1 min', '<https://monitor.example.com/?task=build-7|Open the dashboard>', '_rule: task failed_'].join('\n'),
    );
    const discord = endpoints.accepted(PATHS.discord)[0]!.body;
    expect(discord.content).toContain('**🔴 Alert: Task build\\-7 failed**');
    expect(discord.content).toContain('Error: exit 1: \\*boom\\* <html\\> & more');
    expect(discord.allowed_mentions).toEqual({ parse: [] });
    const hook = endpoints.accepted(PATHS.webhook)[0]!;
    expect(hook.headers.authorization).toBe('Bearer s3cret');
    expect(hook.headers['idempotency-key']).toMatch(/^amiga-alert-\d+$/);
    expect(hook.body).toMatchObject({
      notice: 'fired',
      rule: 'task failed',
      condition: 'task_failed',
      title: 'Task build-7 failed',
      data: { task_id: 'build-7', status: 'failed', error: 'exit 1: *boom* <html> & more', cost_usd: 0.42 },
      link: 'https://monitor.example.com/?task=build-7',
    });

    // More commits, and the same failure reported again: no second message.
    await ingest(a, [{ type: 'task', id: 'build-7', status: 'failed', timestamp: clock.now() - 4 }, { type: 'tool_call', tool: 'Read' }]);
    await new Promise((r) => setTimeout(r, 400));
    await settle(a);
    expect(endpoints.received).toHaveLength(4);
    const s = await status(a);
    expect(s.deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual(
      expect.arrayContaining([['ops', 'delivered', 1], ['team', 'delivered', 1], ['dev', 'delivered', 1], ['hook', 'delivered', 1]]),
    );
    expect(s.active).toEqual([]); // a failed task is an event, not a state that stays on
  });

  it('match narrows to tasks whose id or description contains it; old failures are not replayed', async () => {
    const a = await start(writeRules([{ name: 'deploys', when: { task_failed: { match: 'DEPLOY' } }, notify: ['hook'] }]));
    await ingest(a, [
      { type: 'task', id: 't1', status: 'failed', description: 'deploy api' },
      { type: 'task', id: 'deploy-2', status: 'failed' },
      { type: 'task', id: 't3', status: 'failed', description: 'lint' },
      { type: 'task', id: 'deploy-old', status: 'failed', timestamp: clock.now() - 7200 },
    ]);
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 2, 5000, 'two deliveries');
    await settle(a);
    expect(endpoints.accepted(PATHS.webhook).map((r) => (r.body.data as { task_id: string }).task_id).sort()).toEqual(['deploy-2', 't1']);
  });
});

describe('alerts: state conditions fire once and resolve', () => {
  it('cost_over: one message when the budget is crossed, none while it stays over, resolved when the window moves on', async () => {
    const a = await start(writeRules([{ name: 'daily budget', when: { cost_over: { usd: 50, hours: 24 } }, notify: ['team'] }]));
    await ingest(a, [{ type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1, output_tokens: 1, cost_usd: 30, timestamp: clock.now() - 3600 }]);
    await settle(a);
    expect(endpoints.received).toHaveLength(0);
    await ingest(a, [{ type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1, output_tokens: 1, cost_usd: 21.5, timestamp: clock.now() - 60 }]);
    await waitFor(() => endpoints.accepted(PATHS.slack).length === 1, 5000, 'the budget message');
    expect(endpoints.accepted(PATHS.slack)[0]!.body.text).toBe(
      ['*🔴 Alert: Cost $51.50 in the last 24 h: over the budget of $50.00*', 'Cost: $51.50', 'Budget: $50.00 per 24 h', '<https://monitor.example.com/|Open the dashboard>', '_rule: daily budget_'].join('\n'),
    );
    await ingest(a, [{ type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1, output_tokens: 1, cost_usd: 5, timestamp: clock.now() - 30 }]);
    await new Promise((r) => setTimeout(r, 400));
    await settle(a);
    expect(endpoints.received).toHaveLength(1);
    const on = await status(a);
    expect(on.active.map((x) => [x.rule, x.instance])).toEqual([['daily budget', 'all']]);

    // A day later the costs have left the window: resolved, once.
    clock.advance(86_400);
    await waitFor(() => endpoints.accepted(PATHS.slack).length === 2, 5000, 'the resolved message');
    const resolved = endpoints.accepted(PATHS.slack)[1]!.body.text as string;
    expect(resolved.split('\n')[0]).toBe('*✅ Resolved: Cost $51.50 in the last 24 h: over the budget of $50.00*');
    expect(resolved).toContain('Lasted: 1 d');
    await new Promise((r) => setTimeout(r, 300));
    await settle(a);
    expect(endpoints.received).toHaveLength(2);
    expect((await status(a)).active).toEqual([]);
  });

  it('cost_over per project counts only that project’s sessions', async () => {
    const a = await start(writeRules([{ name: 'api budget', when: { cost_over: { usd: 10, hours: 1, project: 'api' } }, notify: ['hook'] }]));
    const req = (cost: number, session: string, project: string) => ({ type: 'api_request' as const, model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: cost, session_id: session, project });
    await ingest(a, [req(8, 's1', '/home/me/api'), req(9, 's2', '/home/me/web')]);
    await settle(a);
    expect(endpoints.received).toHaveLength(0);
    await ingest(a, [req(2.5, 's3', '/home/me/api')]);
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 1, 5000, 'the project budget');
    expect(endpoints.accepted(PATHS.webhook)[0]!.body.data).toEqual({ cost_usd: 10.5, budget_usd: 10, hours: 1, project: 'api', agent: null, machine: null });
  });

  it('task_stale, error_rate, no_data and source_degraded fire with their figures, and resolve', async () => {
    const a = await start(
      writeRules([
        { name: 'stale', when: { task_stale: { minutes: 10 } }, notify: ['hook'] },
        { name: 'errors', when: { error_rate: { per_minute: 2, minutes: 1 } }, notify: ['hook'] },
        { name: 'quiet', when: { no_data: { minutes: 30 } }, notify: ['hook'] },
        { name: 'degraded', when: { source_degraded: {} }, notify: ['hook'] },
      ]),
    );
    const by = (rule: string) => endpoints.accepted(PATHS.webhook).filter((r) => r.body.rule === rule);
    await ingest(a, [{ type: 'task', id: 'long-1', status: 'running', description: 'refactor', timestamp: clock.now() - 900 }]);
    await waitFor(() => by('stale').length === 1, 5000, 'stale');
    expect(by('stale')[0]!.body.title).toBe('Task long-1 has had no update for 15 min');
    await ingest(a, [{ type: 'task', id: 'long-1', status: 'completed' }]);
    await waitFor(() => by('stale').length === 2, 5000, 'stale resolved');
    expect(by('stale')[1]!.body.notice).toBe('resolved');

    // API errors come from transcripts and OTLP (the ingest API has none): written through the store here.
    const { storedEvent } = await import('../store/event.js');
    await a.store.ingest([1, 2, 3].map((i) => storedEvent({ type: 'api_error', ts: clock.now() - i, model: 'm', sessionId: null, project: null, errorId: `e${i}`, error: 'overloaded' })));
    await waitFor(() => by('errors').length === 1, 5000, 'error rate');
    expect(by('errors')[0]!.body.data).toMatchObject({ errors: 3, minutes: 1, threshold_per_minute: 2 });

    clock.advance(31 * 60);
    await waitFor(() => by('quiet').length === 1 && by('errors').length === 2, 5000, 'quiet, errors resolved');
    expect(by('quiet')[0]!.body.title).toMatch(/^No data for 3[01] min$/);
    expect(by('errors')[1]!.body.notice).toBe('resolved');
    await ingest(a, [{ type: 'activity', description: 'back' }]);
    await waitFor(() => by('quiet').length === 2, 5000, 'quiet resolved');
    expect(by('degraded')).toHaveLength(0);
  });

  it('source_degraded: a source that is degraded in health, and resolved when it recovers', async () => {
    const claude = path.join(dir, 'claude-not-yet');
    await start(writeRules([{ name: 'degraded', when: { source_degraded: {} }, notify: ['hook'] }]), { sources: ['claude'], sourcesAuto: false, claudeDirs: [claude] });
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 1, 5000, 'degraded');
    const fired = endpoints.accepted(PATHS.webhook)[0]!.body;
    expect(fired.title).toBe('source:claude is degraded');
    expect((fired.details as Record<string, string>).Why).toContain('no transcript folder exists');
    fs.mkdirSync(claude, { recursive: true });
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 2, 5000, 'recovered');
    expect(endpoints.accepted(PATHS.webhook)[1]!.body.notice).toBe('resolved');
  });

  it('needs_input_for and limit_over read the providers registered at start-up (and a provider registered later)', async () => {
    const a = await start(
      writeRules([
        { name: 'waiting', when: { needs_input_for: { seconds: 300 } }, notify: ['ops'] },
        { name: 'five hours', when: { limit_over: { percent: 80, window: '5h' } }, notify: ['hook'] },
        { name: 'pace', when: { limit_projected: {} }, notify: ['hook'] },
      ]),
    );
    // The live session state (hooks, issue 15) and the plan limits (issue 16) come with the server.
    await settle(a);
    expect((await status(a)).rules.map((r) => r.problem)).toEqual([null, null, null]);
    expect((await health(a)).problems?.alerts).toBeUndefined();

    const since = clock.now() - 400;
    let waiting = [{ sessionId: 'sess-1', waitingSince: since, agent: 'claude-code', project: '/home/me/api', reason: 'permission: Bash' }];
    let used = 85;
    a.alerts!.provide({
      live: { waitingSessions: () => waiting },
      limits: { limitWindows: () => [{ agent: 'claude-code', window: '5h', usedPercent: used, projectedPercent: used * 1.5, resetsAt: clock.now() + 3600 }] },
    });
    await waitFor(() => endpoints.accepted(PATHS.telegram).length === 1 && endpoints.accepted(PATHS.webhook).length === 2, 5000, 'waiting and limits');
    expect(endpoints.accepted(PATHS.telegram)[0]!.body.text).toContain('*🔴 Alert: claude\\-code has waited 6 min for input in /home/me/api*');
    expect(endpoints.accepted(PATHS.telegram)[0]!.body.text).toContain('_For:_ permission: Bash');
    // The link opens the waiting session's own page.
    expect(endpoints.accepted(PATHS.telegram)[0]!.body.text).toContain('(https://monitor.example.com/sessions/sess-1)');
    expect(endpoints.accepted(PATHS.webhook).map((r) => r.body.rule).sort()).toEqual(['five hours', 'pace']);
    expect((await health(a)).problems?.alerts).toBeUndefined();

    waiting = [];
    used = 10;
    a.alerts!.evaluate();
    await waitFor(() => endpoints.accepted(PATHS.telegram).length === 2 && endpoints.accepted(PATHS.webhook).length === 4, 5000, 'resolved');
    expect(endpoints.accepted(PATHS.telegram)[1]!.body.text).toMatch(/^\*✅ Resolved: claude\\-code has waited/);
  });

  it('repeat_after sends reminders while an alert stays on', async () => {
    const a = await start(writeRules([{ name: 'budget', when: { cost_over: { usd: 1, hours: 1 } }, notify: ['hook'], repeat_after: 600 }]));
    await ingest(a, [{ type: 'api_request', model: 'm', input_tokens: 1, output_tokens: 1, cost_usd: 2 }]);
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 1, 5000, 'fired');
    clock.advance(300);
    a.alerts!.evaluate();
    await settle(a);
    expect(endpoints.received).toHaveLength(1);
    clock.advance(301);
    await waitFor(() => endpoints.accepted(PATHS.webhook).length === 2, 5000, 'reminder');
    expect(endpoints.accepted(PATHS.webhook)[1]!.body.notice).toBe('reminder');
  });
});

describe('alerts: delivery', () => {
  it('retries 500s and a timeout, and delivers once', async () => {
    endpoints.script(PATHS.slack, { status: 500, body: 'oops' }, { status: 503 }, 'hang');
    const a = await start(writeRules([{ name: 'f', when: { task_failed: {} }, notify: ['team'] }]));
    await ingest(a, [{ type: 'task', id: 'x', status: 'failed' }]);
    await waitFor(() => endpoints.accepted(PATHS.slack).length === 1, 10_000, 'delivered');
    await settle(a);
    expect(endpoints.to(PATHS.slack).map((r) => r.status)).toEqual([500, 503, 0, 200]);
    const [d] = (await status(a)).deliveries;
    expect([d!.status, d!.attempts, d!.last_error]).toEqual(['delivered', 4, 'no answer within 400 ms']);
    // Backoff: each wait longer than half the doubled delay.
    const at = endpoints.to(PATHS.slack).map((r) => r.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(45);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(95);
  });

  it('honours Retry-After on a 429 (header, and Discord’s retry_after)', async () => {
    endpoints.script(PATHS.telegram, { status: 429, body: JSON.stringify({ ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }) });
    endpoints.script(PATHS.discord, { status: 429, headers: { 'retry-after': '1' }, body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 1.2, global: false }) });
    const a = await start(writeRules([{ name: 'f', when: { task_failed: {} }, notify: ['ops', 'dev'] }]));
    await ingest(a, [{ type: 'task', id: 'x', status: 'failed' }]);
    await waitFor(() => endpoints.accepted(PATHS.telegram).length === 1 && endpoints.accepted(PATHS.discord).length === 1, 10_000, 'delivered');
    for (const p of [PATHS.telegram, PATHS.discord]) {
      const [first, second] = endpoints.to(p);
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    }
    await settle(a);
    expect(endpoints.received).toHaveLength(4);
  });

  it('a 400 is a permanent failure: not retried, shown in the deliveries and in health', async () => {
    endpoints.script(PATHS.telegram, { status: 400, body: JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: can't parse entities" }) });
    const a = await start(writeRules([{ name: 'f', when: { task_failed: {} }, notify: ['ops'] }]));
    await ingest(a, [{ type: 'task', id: 'x', status: 'failed' }]);
    await waitFor(async () => (await status(a)).deliveries[0]?.status === 'failed', 5000, 'failed');
    const [d] = (await status(a)).deliveries;
    expect(d!.attempts).toBe(1);
    expect(d!.last_error).toBe('HTTP 400: {"ok":false,"error_code":400,"description":"Bad Request: can\'t parse entities"}');
    const h = await health(a);
    expect(h.status).toBe('degraded');
    expect(h.problems?.alerts).toContain('channel ops: delivery');
    expect(h.problems?.alerts).not.toContain('123456:ABC');
    await new Promise((r) => setTimeout(r, 300));
    expect(endpoints.received).toHaveLength(1);
  });

  it('POST /api/alerts/test sends a test message and answers with the delivery; unknown channels are a 404', async () => {
    const a = await start(writeRules([]));
    const res = await fetch(`${a.url}/api/alerts/test`, { method: 'POST', body: JSON.stringify({ channel: 'ops' }) });
    expect(res.status).toBe(200);
    const { delivery } = (await res.json()) as AlertTestResult;
    expect([delivery.notice, delivery.channel, delivery.status]).toEqual(['test', 'ops', 'delivered']);
    expect(endpoints.accepted(PATHS.telegram)[0]!.body.text).toMatch(/^\*🧪 Test: AMIGA Monitor can reach ops\*/);
    expect((await fetch(`${a.url}/api/alerts/test`, { method: 'POST', body: JSON.stringify({ channel: 'nope' }) })).status).toBe(404);
    const bad = await fetch(`${a.url}/api/alerts/test`, { method: 'POST', body: JSON.stringify({ chanel: 'ops' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/channel/);
  });

  it('the test route needs the admin token when one is set', async () => {
    const a = await start(writeRules([]), { token: 'read-token-0123456789', adminToken: 'admin-token-0123456789' });
    const post = (token: string) => fetch(`${a.url}/api/alerts/test`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ channel: 'hook' }) });
    expect((await post('read-token-0123456789')).status).toBe(401);
    expect((await post('admin-token-0123456789')).status).toBe(200);
    expect((await fetch(`${a.url}/api/alerts`, { headers: { authorization: 'Bearer read-token-0123456789' } })).status).toBe(200);
  });
});

describe('alerts: the rules file', () => {
  it('is reloaded when it changes; a bad edit keeps the last good rules and says so in health', async () => {
    const file = writeRules([{ name: 'f', when: { task_failed: {} }, notify: ['hook'] }]);
    const a = await start(file);
    writeRules([{ name: 'g', when: { task_failed: { match: 'only-this' } }, notify: ['team'] }], file);
    await waitFor(async () => (await status(a)).rules[0]?.name === 'g', 5000, 'reloaded');
    await ingest(a, [{ type: 'task', id: 'only-this-1', status: 'failed' }, { type: 'task', id: 'other', status: 'failed' }]);
    await waitFor(() => endpoints.accepted(PATHS.slack).length === 1, 5000, 'the new rule');

    fs.writeFileSync(file, JSON.stringify({ channels: channelsFor(endpoints.url), rules: [{ name: 'h', when: { cost_over: { usd: -1, hours: 24 } }, notify: ['team'] }] }));
    await waitFor(async () => (await health(a)).problems?.alerts !== undefined, 5000, 'refused edit');
    expect((await health(a)).problems?.alerts).toContain('rules.0.when.cost_over.usd');
    expect((await status(a)).rules.map((r) => r.name)).toEqual(['g']);
    expect((await status(a)).problem).toContain('the last good rules stay in force');
  });

  it('an invalid file stops the configuration with the field named', async () => {
    const { loadConfig } = await import('../config/config.js');
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ channels: { ops: { type: 'telegram', bot_token: { env: 'NO_SUCH_VAR_X' }, chat_id: 1 } }, rules: [] }));
    expect(() => loadConfig({ MONITORING_ALERTS: file })).toThrow(/MONITORING_ALERTS: .*bad\.json: channels\.ops\.bot_token: the environment variable NO_SUCH_VAR_X is not set$/);
    fs.writeFileSync(file, JSON.stringify({ channels: { ops: { type: 'telegram', bot_token: { env: 'HOME' }, chat_id: 1 } }, rules: [{ name: 'r', when: { task_failed: {} }, notify: ['ops', 'nobody'] }] }));
    expect(() => loadConfig({ MONITORING_ALERTS: file, HOME: '/root' })).toThrow(/bad\.json: rules\.0\.notify\.1: no channel "nobody" \(channels: ops\)$/);
    fs.writeFileSync(file, '{"channels": {}, "rules": [{"name": "x", "when": {"cost_over": {"usd": 5, "hours": 1, "agent": ""}}, "notify": []}]}');
    expect(() => loadConfig({ MONITORING_ALERTS: file })).toThrow(/rules\.0\.when\.cost_over\.agent: must not be empty.*rules\.0\.notify: must name at least one channel/s);
    fs.writeFileSync(file, '{"channels": {}, "rules": [{"name": "x", "when": {"task_failed": {}, "no_data": {"minutes": 5}}, "notify": ["a"]}]}');
    expect(() => loadConfig({ MONITORING_ALERTS: file })).toThrow(/rules\.0\.when: must name exactly one condition .*not task_failed and no_data/);
    fs.writeFileSync(file, '{"channels": {');
    expect(() => loadConfig({ MONITORING_ALERTS: file })).toThrow(/MONITORING_ALERTS: cannot read .*bad\.json: .*JSON/);
  });
});
