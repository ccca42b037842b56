import type { AlertDeliveryInfo, AlertRule, AlertsStatus } from '@amiga/protocol';
import { formatUsd } from './format';

/**
 * What the dashboard shows of the server's alerts (`GET /api/alerts`): the header's list,
 * the rules in words, the delivery table's cells and the budget panel's note. Pure.
 */

/** Conditions that fire once per instance and never resolve (so never "active"): the header shows them this long after they fired. */
export const RECENT_EVENT_SECONDS = 3600;
const EVENT_CONDITIONS: ReadonlySet<string> = new Set(['task_failed']);

/** One line of the header's alert list. */
export interface HeaderAlert {
  key: string;
  rule: string;
  /** `active`: a state that is on now; `event`: something that happened (a failed task) within RECENT_EVENT_SECONDS. */
  kind: 'active' | 'event';
  /** Unix seconds: when it fired. */
  since: number;
  /** The alert's figure (`Cost: $51.20`), or its title when it has none. */
  figure: string;
  /** The whole one-line message. */
  title: string;
  link: string | null;
}

/** The header's alerts: the active ones, then the events of the last hour, newest first within each. */
export function headerAlerts(status: AlertsStatus | null, nowSeconds: number): HeaderAlert[] {
  if (!status?.enabled) return [];
  const active: HeaderAlert[] = status.active.map((a) => {
    const first = a.details[0];
    return {
      key: `active:${a.rule}:${a.instance}`,
      rule: a.rule,
      kind: 'active',
      since: a.fired_at,
      figure: first ? `${first[0]}: ${first[1]}` : a.title,
      title: a.title,
      link: a.link,
    };
  });
  const eventRules = new Set(status.rules.filter((r) => EVENT_CONDITIONS.has(r.condition)).map((r) => r.name));
  const events = new Map<string, HeaderAlert>();
  for (const d of status.deliveries) {
    if (d.notice !== 'fired' || !eventRules.has(d.rule) || d.created_at < nowSeconds - RECENT_EVENT_SECONDS) continue;
    const key = `event:${d.rule}:${d.instance}`;
    const seen = events.get(key);
    // One line per event, however many channels it went to: the earliest notice is when it fired.
    if (!seen || d.created_at < seen.since) events.set(key, { key, rule: d.rule, kind: 'event', since: d.created_at, figure: d.title, title: d.title, link: null });
  }
  const newest = (a: HeaderAlert, b: HeaderAlert) => b.since - a.since;
  return [...active.sort(newest), ...[...events.values()].sort(newest)];
}

/** `$50`, `$12.50`, `$0.0010`. */
export function formatBudgetUsd(usd: number): string {
  return Number.isInteger(usd) ? `$${usd}` : formatUsd(usd);
}

/** `24 h`, `1.5 h`, `30 min`. */
export function formatHours(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${Number(hours.toFixed(2))} h`;
}

const num = (params: Record<string, unknown>, name: string): number | null => {
  const v = params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const text = (params: Record<string, unknown>, name: string): string | null => {
  const v = params[name];
  return typeof v === 'string' && v !== '' ? v : null;
};

/** A rule's condition in words: `cost of 24 h reaches $50`, `a task fails`. */
export function describeCondition(rule: Pick<AlertRule, 'condition' | 'params'>): string {
  const p = rule.params;
  const scope = (name: string) => (text(p, name) === null ? '' : ` (${name} ${text(p, name)})`);
  switch (rule.condition) {
    case 'task_failed':
      return `a task fails${text(p, 'match') === null ? '' : ` matching “${text(p, 'match')}”`}`;
    case 'task_stale': {
      const minutes = num(p, 'minutes');
      return minutes === null ? 'a running task goes stale' : `a running task has no update for ${minutes} min`;
    }
    case 'cost_over':
      return `cost reaches ${formatBudgetUsd(num(p, 'usd') ?? 0)} / ${formatHours(num(p, 'hours') ?? 24)}${scope('project')}`;
    case 'error_rate': {
      const minutes = num(p, 'minutes');
      return `API errors exceed ${num(p, 'per_minute') ?? '?'} a minute${minutes === null ? '' : ` over ${minutes} min`}`;
    }
    case 'source_degraded':
      return text(p, 'source') === null ? 'a source is degraded' : `source ${text(p, 'source')} is degraded`;
    case 'no_data':
      return `no data for ${num(p, 'minutes') ?? '?'} min`;
    case 'needs_input_for':
      return `an agent waits for input ${num(p, 'seconds') ?? '?'} s`;
    case 'limit_over':
    case 'limit_projected': {
      const window = text(p, 'window');
      const verb = rule.condition === 'limit_over' ? 'is over' : 'is projected over';
      return `plan limit${window === null ? '' : ` ${window}`} ${verb} ${num(p, 'percent') ?? '?'}%${scope('agent')}`;
    }
  }
}

/** Who a delivery is for: its rule, or `test` for a test message. */
export function deliveryRuleLabel(d: Pick<AlertDeliveryInfo, 'rule' | 'notice'>): string {
  return d.notice === 'test' || d.rule === '' ? 'test' : d.rule;
}

/** A delivery's status in words: `delivered`, `failed`, `pending` (`retrying` once an attempt failed). */
export function deliveryStatusLabel(d: Pick<AlertDeliveryInfo, 'status' | 'attempts'>): string {
  if (d.status === 'pending') return d.attempts > 0 ? 'retrying' : 'pending';
  return d.status;
}

/** What a `send test` click came to, in one line. */
export function testResultText(d: Pick<AlertDeliveryInfo, 'status' | 'attempts' | 'last_error' | 'channel'>): string {
  if (d.status === 'delivered') return `Delivered to ${d.channel}`;
  if (d.status === 'failed') return `Failed: ${d.last_error ?? 'refused'}`;
  return d.attempts > 0 ? `Not delivered yet, retrying: ${d.last_error ?? 'no answer'}` : 'Sent, no answer yet';
}

/** Whether a server rule watches the cost, for the browser budget panel; null while unknown. */
export type BudgetCoverage = { covered: true; rules: string[]; text: string } | { covered: false; text: string };

export const UNCOVERED_TEXT = 'Only this browser tab alerts; add a cost_over rule to MONITORING_ALERTS to be told when the tab is closed';

export function budgetCoverage(status: AlertsStatus | null): BudgetCoverage | null {
  if (status === null) return null;
  const rules = status.enabled ? status.rules.filter((r) => r.enabled && r.condition === 'cost_over') : [];
  if (rules.length === 0) return { covered: false, text: UNCOVERED_TEXT };
  const limit = (r: AlertRule) => {
    const project = text(r.params, 'project');
    return `${formatBudgetUsd(num(r.params, 'usd') ?? 0)} / ${formatHours(num(r.params, 'hours') ?? 24)}${project === null ? '' : ` for ${project}`}`;
  };
  const names = rules.map((r) => r.name);
  if (rules.length === 1) return { covered: true, rules: names, text: `A server rule '${rules[0]!.name}' also alerts at ${limit(rules[0]!)}` };
  const listed = rules.map((r) => `'${r.name}' (${limit(r)})`);
  return { covered: true, rules: names, text: `Server rules ${listed.slice(0, -1).join(', ')} and ${listed.at(-1)!} also alert` };
}

const when = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** A Unix-seconds instant as local `2026-12-03, 06:50:12`. */
export function formatWhen(unixSeconds: number): string {
  return when.format(unixSeconds * 1000);
}
