import type { TaskSummary } from '@amiga/protocol';
import { windowStart } from '../metrics/window.js';
import type { ScopeFilter, Store, WindowData } from '../store/store.js';
import type { AlertInputs, LimitWindow, WaitingSession } from './inputs.js';

/** Failed tasks older than this are not alerted on (a restart or a backfill does not replay history). */
export const TASK_FAILED_LOOKBACK_SECONDS = 3600;
/** Most tasks read per list (failed, stale) in one evaluation. */
export const TASK_LIST_LIMIT = 500;
/** Sessions read for a per-project cost (the most recently active of the window). */
export const PROJECT_SESSION_LIMIT = 5000;
/** How far back `no_data` looks for the last event (it alerts on a monitor that went quiet, not one that never had data). */
export const NO_DATA_LOOKBACK_SECONDS = 7 * 86_400;

/** What a cost is read for: a project, an agent, a machine (each optional; none: everything). */
export interface CostScope extends ScopeFilter {
  project?: string | undefined;
}

export interface ReadsContext {
  store: Store;
  now: number;
  /** Health problems by component. */
  health(): Record<string, string>;
  inputs: AlertInputs;
}

/**
 * The data one evaluation reads, each read made once however many rules need it (rules
 * with the same window share one `readWindow`). The windows are read with small limits:
 * the evaluator needs totals, not lists.
 */
export class EvaluationReads {
  readonly now: number;
  readonly #c: ReadsContext;
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(c: ReadsContext) {
    this.#c = c;
    this.now = c.now;
  }

  #once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.#memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.#memo.set(key, p);
    }
    return p;
  }

  /** The window since `since` (a minute), with up to `sessions` sessions listed, of the events `scope` keeps (all by default). */
  #window(since: number, sessions: number, scope: ScopeFilter = {}): Promise<WindowData> {
    const filter = { ...(scope.agent === undefined ? {} : { agent: scope.agent }), ...(scope.machine === undefined ? {} : { machine: scope.machine }) };
    return this.#once(`window:${since}:${sessions}:${filter.agent ?? ''}\u0000${filter.machine ?? ''}`, () =>
      this.#c.store.readWindow({ since, until: this.now, bucketSeconds: 86_400 * 7, activityLimit: 1, sessionLimit: sessions, taskLimit: 0, ...filter }),
    );
  }

  /** Cost of the last `hours` hours: all of it, or of one agent's and/or one machine's events, and of the sessions of one project. */
  async cost(hours: number, scope: CostScope = {}): Promise<number> {
    const since = windowStart(hours, this.now);
    const { project, ...filter } = scope;
    if (project === undefined) return (await this.#window(since, 0, filter)).models.reduce((sum, m) => sum + m.costUsd, 0);
    const store = this.#c.store;
    if (filter.agent === undefined && filter.machine === undefined && store.readProjectCosts) {
      // One read per window serves every project's rule: the sessions' rollups summed by project in the store.
      const costs = await this.#once(`projects:${since}`, () => store.readProjectCosts!(since, this.now));
      return costs.filter((c) => sameProject(c.project, project)).reduce((sum, c) => sum + c.costUsd, 0);
    }
    const window = await this.#window(since, PROJECT_SESSION_LIMIT, filter);
    return window.sessions.filter((s) => sameProject(s.project, project)).reduce((sum, s) => sum + s.costUsd, 0);
  }

  /** API errors of the last `minutes` whole minutes and the current one. */
  async apiErrors(minutes: number): Promise<number> {
    return (await this.#window(windowStart(minutes / 60, this.now), 0)).apiErrors ?? 0;
  }

  /** When the newest event (of one agent and/or machine, when `scope` names them) arrived, within NO_DATA_LOOKBACK_SECONDS, or null. */
  async lastEventAt(scope: ScopeFilter = {}): Promise<number | null> {
    const recent = await this.#window(windowStart(1 / 60, this.now), 0, scope);
    const last = recent.activity[0] ?? (await this.#window(windowStart(NO_DATA_LOOKBACK_SECONDS / 3600, this.now), 0, scope)).activity[0];
    return last?.timestamp ?? null;
  }

  /** Tasks that failed within TASK_FAILED_LOOKBACK_SECONDS, newest first. */
  failedTasks(): Promise<TaskSummary[]> {
    return this.#once('failed', async () => {
      const tasks = (await this.#c.store.listTasks?.({ status: 'failed', limit: TASK_LIST_LIMIT, staleBefore: 0 })) ?? [];
      return tasks.filter((t) => t.updated_at >= this.now - TASK_FAILED_LOOKBACK_SECONDS);
    });
  }

  /** Running tasks with no update for `minutes`. */
  staleTasks(minutes: number): Promise<TaskSummary[]> {
    return this.#once(`stale:${minutes}`, async () => (await this.#c.store.listTasks?.({ status: 'stale', limit: TASK_LIST_LIMIT, staleBefore: this.now - minutes * 60 })) ?? []);
  }

  health(): Record<string, string> {
    return this.#c.health();
  }

  /** Waiting sessions, or null when no live-state provider is registered. */
  waiting(): Promise<WaitingSession[] | null> {
    const live = this.#c.inputs.live;
    return this.#once('waiting', async () => (live ? live.waitingSessions() : null));
  }

  /** Plan limit windows, or null when no limits provider is registered. */
  limits(): Promise<LimitWindow[] | null> {
    const limits = this.#c.inputs.limits;
    return this.#once('limits', async () => (limits ? limits.limitWindows() : null));
  }
}

/** A session's project is the rule's when equal, or when its last path segment is (`/home/me/api` is `api`). */
export function sameProject(project: string | null, wanted: string): boolean {
  if (project === null) return false;
  if (project === wanted) return true;
  const base = project.replace(/[\\/]+$/, '').split(/[\\/]/).pop();
  return base === wanted;
}
