import type { TaskSummary } from '@amiga/protocol';
import { duration, hoursLabel, usd, utc, type AlertFacts } from './facts.js';
import type { LimitWindow } from './inputs.js';
import type { EvaluationReads } from './reads.js';
import { scopeDetails, scopeKey, scopePhrase } from './scope.js';
import type { Condition, ConditionName } from './rules-schema.js';

/** One thing a condition holds for now (a task, a session, a limit window), keyed within its rule. */
export interface Instance {
  key: string;
  facts: Omit<AlertFacts, 'rule' | 'link'> & { link: string | null };
}

/** A condition's answer: what is true now, or why it cannot be known (its data is missing; nothing changes). */
export type Outcome = { instances: Instance[] } | { unknown: string };

export interface ConditionContext {
  reads: EvaluationReads;
  /** MONITORING_STALE_TASK_MINUTES, for `task_stale` without `minutes`. */
  staleTaskMinutes: number;
  /** A dashboard URL for a path (`/alerts`), or null without a public URL. */
  link(path: string): string | null;
}

/** `event` conditions fire once per instance and never resolve; `state` ones resolve when false again. */
export const CONDITION_KIND: Record<ConditionName, 'state' | 'event'> = {
  task_failed: 'event',
  task_stale: 'state',
  cost_over: 'state',
  error_rate: 'state',
  source_degraded: 'state',
  no_data: 'state',
  needs_input_for: 'state',
  limit_over: 'state',
  limit_projected: 'state',
};

type Evaluate<K extends ConditionName> = (c: Extract<Condition, { type: K }>, x: ConditionContext) => Promise<Outcome>;

/** A limit window's instance: per agent, window and machine (two machines' windows are two alerts). */
const limitKey = (w: LimitWindow) => `${w.agent}:${w.window}${w.machine ? `@${w.machine}` : ''}`;
const machineDetail = (w: LimitWindow): Array<[string, string]> => (w.machine ? [['Machine', w.machine]] : []);

const taskLink = (x: ConditionContext, t: TaskSummary) => x.link(`/?task=${encodeURIComponent(t.id)}`);

function taskDetails(t: TaskSummary, now: number): Array<[string, string]> {
  const details: Array<[string, string]> = [];
  if (t.description) details.push(['Task', t.description]);
  if (t.error) details.push(['Error', t.error]);
  if (t.model) details.push(['Model', t.model]);
  if (t.cost_usd !== null) details.push(['Cost', usd(t.cost_usd)]);
  const start = t.started_at ?? t.created_at;
  details.push(['Ran for', duration((t.ended_at ?? now) - start)]);
  return details;
}

const taskData = (t: TaskSummary) => ({
  task_id: t.id,
  status: t.status,
  description: t.description,
  error: t.error ?? null,
  model: t.model,
  cost_usd: t.cost_usd,
  updated_at: t.updated_at,
});

const EVALUATORS: { [K in ConditionName]: Evaluate<K> } = {
  task_failed: async (c, x) => {
    const match = c.match?.toLowerCase();
    const tasks = (await x.reads.failedTasks()).filter(
      (t) => match === undefined || t.id.toLowerCase().includes(match) || (t.description ?? '').toLowerCase().includes(match),
    );
    return {
      instances: tasks.map((t) => ({
        key: t.id,
        facts: { condition: 'task_failed', title: `Task ${t.id} failed`, details: taskDetails(t, x.reads.now), link: taskLink(x, t), data: taskData(t) },
      })),
    };
  },

  task_stale: async (c, x) => {
    const minutes = c.minutes ?? x.staleTaskMinutes;
    const tasks = await x.reads.staleTasks(minutes);
    return {
      instances: tasks.map((t) => ({
        key: t.id,
        facts: {
          condition: 'task_stale',
          title: `Task ${t.id} has had no update for ${duration(x.reads.now - t.updated_at)}`,
          details: [...(t.description ? ([['Task', t.description]] as Array<[string, string]>) : []), ['Last update', utc(t.updated_at)], ['Threshold', duration(minutes * 60)]],
          link: taskLink(x, t),
          data: { ...taskData(t), stale_minutes: minutes },
        },
      })),
    };
  },

  cost_over: async (c, x) => {
    const scope = { project: c.project, agent: c.agent, machine: c.machine };
    const cost = await x.reads.cost(c.hours, scope);
    if (cost < c.usd) return { instances: [] };
    const phrase = scopePhrase(scope, 'of');
    const what = phrase === '' ? 'Cost' : `Cost ${phrase}`;
    return {
      instances: [
        {
          key: scopeKey(scope),
          facts: {
            condition: 'cost_over',
            title: `${what} ${usd(cost)} in the last ${hoursLabel(c.hours)}: over the budget of ${usd(c.usd)}`,
            details: [['Cost', usd(cost)], ['Budget', `${usd(c.usd)} per ${hoursLabel(c.hours)}`], ...scopeDetails(scope)],
            link: x.link('/'),
            data: { cost_usd: Math.round(cost * 1e6) / 1e6, budget_usd: c.usd, hours: c.hours, project: c.project ?? null, agent: c.agent ?? null, machine: c.machine ?? null },
          },
        },
      ],
    };
  },

  error_rate: async (c, x) => {
    const errors = await x.reads.apiErrors(c.minutes);
    const rate = errors / c.minutes;
    if (rate < c.per_minute) return { instances: [] };
    return {
      instances: [
        {
          key: 'all',
          facts: {
            condition: 'error_rate',
            title: `API errors: ${Number(rate.toFixed(2))} a minute over the last ${c.minutes} min (threshold ${c.per_minute})`,
            details: [['Errors', `${errors} in ${c.minutes} min`], ['Threshold', `${c.per_minute} a minute`]],
            link: x.link('/'),
            data: { errors, minutes: c.minutes, per_minute: Number(rate.toFixed(4)), threshold_per_minute: c.per_minute },
          },
        },
      ],
    };
  },

  source_degraded: async (c, x) => {
    const problems = Object.entries(x.reads.health()).filter(([component]) => (c.source === undefined ? !component.startsWith('alerts') : component === c.source));
    return {
      instances: problems.map(([component, reason]) => ({
        key: component,
        facts: {
          condition: 'source_degraded',
          title: `${component} is degraded`,
          details: [['Why', reason]],
          link: x.link('/'),
          data: { component, reason },
        },
      })),
    };
  },

  no_data: async (c, x) => {
    const scope = { agent: c.agent, machine: c.machine };
    const last = await x.reads.lastEventAt(scope);
    const quiet = last === null ? 0 : x.reads.now - last;
    if (last === null || quiet < c.minutes * 60) return { instances: [] };
    const phrase = scopePhrase(scope, 'from');
    return {
      instances: [
        {
          key: scopeKey(scope),
          facts: {
            condition: 'no_data',
            title: `No data${phrase === '' ? '' : ` ${phrase}`} for ${duration(quiet)}`,
            details: [['Last event', utc(last)], ['Threshold', duration(c.minutes * 60)], ...scopeDetails(scope)],
            link: x.link('/'),
            data: { last_event_at: last, quiet_seconds: Math.round(quiet), minutes: c.minutes, agent: c.agent ?? null, machine: c.machine ?? null },
          },
        },
      ],
    };
  },

  needs_input_for: async (c, x) => {
    const waiting = await x.reads.waiting();
    if (waiting === null) return { unknown: 'needs the live session state (issue 15), which this server does not provide' };
    const now = x.reads.now;
    return {
      instances: waiting
        .filter((s) => now - s.waitingSince >= c.seconds && (c.agent === undefined || s.agent === c.agent))
        .map((s) => {
          const details: Array<[string, string]> = [['Waiting since', utc(s.waitingSince)]];
          if (s.reason) details.push(['For', s.reason]);
          if (s.project) details.push(['Project', s.project]);
          if (s.agent) details.push(['Agent', s.agent]);
          if (s.machine) details.push(['Machine', s.machine]);
          details.push(['Session', s.sessionId]);
          return {
            key: `${s.sessionId}@${s.waitingSince}`,
            facts: {
              condition: 'needs_input_for',
              title: `${s.agent ?? 'An agent'} has waited ${duration(now - s.waitingSince)} for input${s.project ? ` in ${s.project}` : ''}`,
              details,
              link: x.link(`/sessions/${encodeURIComponent(s.sessionId)}`),
              data: { session_id: s.sessionId, waiting_since: s.waitingSince, waited_seconds: Math.round(now - s.waitingSince), agent: s.agent ?? null, project: s.project ?? null, machine: s.machine ?? null, reason: s.reason ?? null },
            },
          };
        }),
    };
  },

  limit_over: async (c, x) => {
    const windows = await x.reads.limits();
    if (windows === null) return { unknown: 'needs the plan limits (issue 16), which this server does not provide' };
    return {
      instances: windows
        .filter((w) => w.usedPercent >= c.percent && (c.window === undefined || w.window === c.window) && (c.agent === undefined || w.agent === c.agent))
        .map((w) => ({
          key: limitKey(w),
          facts: {
            condition: 'limit_over',
            title: `${w.agent} ${w.window} limit ${Math.round(w.usedPercent)}% used (threshold ${c.percent}%)`,
            details: [['Used', `${Number(w.usedPercent.toFixed(1))}%`], ...(w.resetsAt ? ([['Resets', utc(w.resetsAt)]] as Array<[string, string]>) : []), ...machineDetail(w)],
            link: x.link('/'),
            data: { agent: w.agent, window: w.window, machine: w.machine ?? null, used_percent: w.usedPercent, threshold_percent: c.percent, resets_at: w.resetsAt ?? null },
          },
        })),
    };
  },

  limit_projected: async (c, x) => {
    const windows = await x.reads.limits();
    if (windows === null) return { unknown: 'needs the plan limits (issue 16), which this server does not provide' };
    return {
      instances: windows
        .filter((w) => (w.projectedPercent ?? 0) >= c.percent && (c.window === undefined || w.window === c.window) && (c.agent === undefined || w.agent === c.agent))
        .map((w) => ({
          key: limitKey(w),
          facts: {
            condition: 'limit_projected',
            title: `${w.agent} ${w.window} limit on pace for ${Math.round(w.projectedPercent ?? 0)}% before it resets${w.resetsAt ? ` at ${utc(w.resetsAt)}` : ''}`,
            details: [['Used now', `${Number(w.usedPercent.toFixed(1))}%`], ['Projected', `${Number((w.projectedPercent ?? 0).toFixed(1))}%`], ['Threshold', `${c.percent}%`], ...machineDetail(w)],
            link: x.link('/'),
            data: { agent: w.agent, window: w.window, machine: w.machine ?? null, used_percent: w.usedPercent, projected_percent: w.projectedPercent ?? null, threshold_percent: c.percent, resets_at: w.resetsAt ?? null },
          },
        })),
    };
  },
};

/** What `condition` holds for now. */
export function evaluateCondition(condition: Condition, x: ConditionContext): Promise<Outcome> {
  return (EVALUATORS[condition.type] as Evaluate<ConditionName>)(condition as never, x);
}
