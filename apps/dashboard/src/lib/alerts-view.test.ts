import { alertsStatus, type AlertDeliveryInfo, type AlertRule, type AlertsStatus } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import {
  budgetCoverage,
  deliveryRuleLabel,
  deliveryStatusLabel,
  describeCondition,
  formatBudgetUsd,
  formatHours,
  headerAlerts,
  RECENT_EVENT_SECONDS,
  testResultText,
  UNCOVERED_TEXT,
} from './alerts-view';

const NOW = 1_800_000_000;

const rule = (name: string, condition: AlertRule['condition'], params: Record<string, unknown> = {}, extra: Partial<AlertRule> = {}): AlertRule => ({
  name,
  condition,
  params,
  notify: ['hook'],
  repeat_after: null,
  enabled: true,
  problem: null,
  ...extra,
});

let ids = 0;
const delivery = (extra: Partial<AlertDeliveryInfo>): AlertDeliveryInfo => ({
  id: ++ids,
  created_at: NOW - 60,
  rule: 'task failed',
  instance: 'build-7',
  notice: 'fired',
  channel: 'hook',
  title: 'Task build-7 failed',
  status: 'delivered',
  attempts: 1,
  next_at: NOW - 60,
  delivered_at: NOW - 59,
  last_error: null,
  ...extra,
});

const status = (extra: Partial<AlertsStatus>): AlertsStatus =>
  // Parsed by the wire schema, so the fixtures stay what the server may send.
  alertsStatus.parse({ enabled: true, problem: null, channels: [{ name: 'hook', type: 'webhook' }], rules: [], active: [], deliveries: [], ...extra });

const budgetRule = rule('daily budget', 'cost_over', { usd: 50, hours: 24 });
const failedRule = rule('task failed', 'task_failed');

describe('headerAlerts', () => {
  it('is empty when alerts are off or not loaded', () => {
    expect(headerAlerts(null, NOW)).toEqual([]);
    expect(headerAlerts(status({ enabled: false }), NOW)).toEqual([]);
  });

  it('lists active alerts with their first figure, newest first, then recent events once per task however many channels', () => {
    const s = status({
      rules: [budgetRule, failedRule],
      active: [
        { rule: 'daily budget', instance: 'all', condition: 'cost_over', title: 'Cost $51.20 in the last 24 h', details: [['Cost', '$51.20'], ['Budget', '$50.00 per 24 h']], link: null, fired_at: NOW - 600, notified_at: NOW - 600 },
        { rule: 'stale', instance: 't9', condition: 'task_stale', title: 'Task t9 has had no update', details: [], link: 'https://m/?task=t9', fired_at: NOW - 30, notified_at: NOW - 30 },
      ],
      deliveries: [
        delivery({ channel: 'team', created_at: NOW - 58 }),
        delivery({ channel: 'hook', created_at: NOW - 60 }),
        delivery({ notice: 'test', rule: '', instance: 'hook', title: 'AMIGA Monitor can reach hook' }),
        delivery({ rule: 'daily budget', instance: 'all', title: 'over the budget' }),
        delivery({ instance: 'old-1', created_at: NOW - RECENT_EVENT_SECONDS - 1 }),
        delivery({ instance: 'build-8', notice: 'reminder', created_at: NOW - 5 }),
      ],
    });
    expect(headerAlerts(s, NOW)).toEqual([
      { key: 'active:stale:t9', rule: 'stale', kind: 'active', since: NOW - 30, figure: 'Task t9 has had no update', title: 'Task t9 has had no update', link: 'https://m/?task=t9' },
      { key: 'active:daily budget:all', rule: 'daily budget', kind: 'active', since: NOW - 600, figure: 'Cost: $51.20', title: 'Cost $51.20 in the last 24 h', link: null },
      { key: 'event:task failed:build-7', rule: 'task failed', kind: 'event', since: NOW - 60, figure: 'Task build-7 failed', title: 'Task build-7 failed', link: null },
    ]);
  });
});

describe('describeCondition', () => {
  it.each([
    [failedRule, 'a task fails'],
    [rule('x', 'task_failed', { match: 'deploy' }), 'a task fails matching “deploy”'],
    [rule('x', 'task_stale', { minutes: 30 }), 'a running task has no update for 30 min'],
    [rule('x', 'task_stale'), 'a running task goes stale'],
    [budgetRule, 'cost reaches $50 / 24 h'],
    [rule('x', 'cost_over', { usd: 2.5, hours: 0.5, project: 'api' }), 'cost reaches $2.50 / 30 min (project api)'],
    [rule('x', 'error_rate', { per_minute: 3, minutes: 5 }), 'API errors exceed 3 a minute over 5 min'],
    [rule('x', 'source_degraded'), 'a source is degraded'],
    [rule('x', 'source_degraded', { source: 'otlp' }), 'source otlp is degraded'],
    [rule('x', 'no_data', { minutes: 15 }), 'no data for 15 min'],
    [rule('x', 'needs_input_for', { seconds: 300 }), 'an agent waits for input 300 s'],
    [rule('x', 'limit_over', { percent: 80, window: 'five_hour' }), 'plan limit five_hour is over 80%'],
    [rule('x', 'limit_projected', { percent: 100, agent: 'codex' }), 'plan limit is projected over 100% (agent codex)'],
  ])('%# %s', (r, words) => {
    expect(describeCondition(r)).toBe(words);
  });
});

describe('formatting', () => {
  it('writes whole dollars without cents and short windows in minutes', () => {
    expect(formatBudgetUsd(50)).toBe('$50');
    expect(formatBudgetUsd(12.5)).toBe('$12.50');
    expect(formatBudgetUsd(0.001)).toBe('$0.0010');
    expect(formatHours(24)).toBe('24 h');
    expect(formatHours(1.5)).toBe('1.5 h');
    expect(formatHours(0.25)).toBe('15 min');
  });

  it('labels deliveries and test results', () => {
    expect(deliveryRuleLabel(delivery({ notice: 'test', rule: '' }))).toBe('test');
    expect(deliveryRuleLabel(delivery({}))).toBe('task failed');
    expect(deliveryStatusLabel(delivery({ status: 'pending', attempts: 0 }))).toBe('pending');
    expect(deliveryStatusLabel(delivery({ status: 'pending', attempts: 2 }))).toBe('retrying');
    expect(deliveryStatusLabel(delivery({ status: 'failed' }))).toBe('failed');
    expect(testResultText(delivery({}))).toBe('Delivered to hook');
    expect(testResultText(delivery({ status: 'failed', last_error: 'HTTP 404' }))).toBe('Failed: HTTP 404');
    expect(testResultText(delivery({ status: 'pending', attempts: 1, last_error: 'HTTP 503' }))).toBe('Not delivered yet, retrying: HTTP 503');
    expect(testResultText(delivery({ status: 'pending', attempts: 0 }))).toBe('Sent, no answer yet');
  });
});

describe('budgetCoverage', () => {
  it('is unknown until the alerts are loaded', () => {
    expect(budgetCoverage(null)).toBeNull();
  });

  it('names the one server cost rule and its limit', () => {
    expect(budgetCoverage(status({ rules: [failedRule, budgetRule] }))).toEqual({ covered: true, rules: ['daily budget'], text: "A server rule 'daily budget' also alerts at $50 / 24 h" });
  });

  it('lists several cost rules, and skips disabled ones', () => {
    const rules = [budgetRule, rule('api hour', 'cost_over', { usd: 5, hours: 1, project: 'api' }), rule('off', 'cost_over', { usd: 1, hours: 1 }, { enabled: false })];
    expect(budgetCoverage(status({ rules }))?.text).toBe("Server rules 'daily budget' ($50 / 24 h) and 'api hour' ($5 / 1 h for api) also alert");
  });

  it('says only the tab alerts without a cost rule or without alerts', () => {
    expect(budgetCoverage(status({ rules: [failedRule] }))).toEqual({ covered: false, text: UNCOVERED_TEXT });
    expect(budgetCoverage(status({ enabled: false }))).toEqual({ covered: false, text: UNCOVERED_TEXT });
  });
});
