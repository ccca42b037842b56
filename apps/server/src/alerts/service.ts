import type { AlertsStatus, AlertDeliveryInfo } from '@amiga/protocol';
import { ALERT_DELIVERIES_LIMIT } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import type { HealthState } from '../http/health.js';
import type { Logger } from '../logging/logger.js';
import type { AlertStore, Delivery } from '../store/alert-store.js';
import type { Store } from '../store/store.js';
import type { RetryPolicy } from './backoff.js';
import { evaluateCondition, type Outcome } from './conditions.js';
import { DeliveryLoop } from './delivery.js';
import type { AlertFacts } from './facts.js';
import type { AlertInputs } from './inputs.js';
import { planChanges } from './plan.js';
import { EvaluationReads, TASK_FAILED_LOOKBACK_SECONDS } from './reads.js';
import { AlertsReloader } from './reloader.js';
import type { AlertsFile } from './rules-schema.js';

export interface AlertServiceOptions {
  /** The rules loaded at start, and the file they came from (watched for changes). */
  file: { path: string; rules: AlertsFile };
  store: Store;
  health: HealthState;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  /** Milliseconds between evaluations without a commit. */
  tickMs: number;
  staleTaskMinutes: number;
  /** The dashboard's base URL for links (MONITORING_PUBLIC_URL, else the server's own). */
  publicUrl(): string | null;
  nodeId: string;
  leaseSeconds: number;
  env?: NodeJS.ProcessEnv;
}

/** Least time between two evaluations started by commits, ms (a burst of commits makes one evaluation). */
const MIN_GAP_MS = 250;
/**
 * An evaluation that took `d` ms waits at least this many times `d` before the next one starts, so
 * that however many rules there are, evaluating them takes at most 1/(1+GAP_PER_COST) of the time
 * under a steady stream of commits (a slow rule set is evaluated less often, never more of the loop).
 */
const GAP_PER_COST = 4;
/** Settled deliveries kept in the outbox. */
const KEEP_DELIVERIES = 10_000;
const LEASE = 'alerts';

/**
 * Alerts: evaluates the rules on each commit (and every `tickMs`, for conditions that become
 * true with time), records what fired or resolved in the store's outbox, and delivers it.
 * In a cluster the node holding the `alerts` lease evaluates and sends; the store's guards
 * record each notice once even while the lease changes hands.
 */
export class AlertService {
  readonly #o: AlertServiceOptions;
  readonly #alerts: AlertStore;
  readonly #reloader: AlertsReloader;
  readonly #delivery: DeliveryLoop;
  readonly #inputs: AlertInputs = {};
  #rules: AlertsFile;
  #unknown = new Map<string, string>();
  /** The last permanent failure per channel, until that channel delivers again. */
  readonly #failures = new Map<string, string>();
  #evaluating: Promise<void> | undefined;
  #pending = false;
  #lastStart = 0;
  /** How long the last evaluation took, ms. */
  #lastCost = 0;
  #timer: NodeJS.Timeout | undefined;
  #tick: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #leaseUntil = 0;
  #lastPrune = 0;
  #evalError: string | null = null;
  #closed = false;

  constructor(o: AlertServiceOptions) {
    if (!o.store.alerts) throw new Error('this store keeps no alerts');
    this.#o = o;
    this.#alerts = o.store.alerts;
    this.#rules = o.file.rules;
    this.#reloader = new AlertsReloader({
      file: o.file.path,
      initial: o.file.rules,
      logger: o.logger,
      ...(o.env ? { env: o.env } : {}),
      onChange: (rules) => {
        this.#rules = rules;
        this.evaluate();
      },
    });
    this.#delivery = new DeliveryLoop({
      alerts: this.#alerts,
      channels: () => this.#rules.channels,
      policy: o.retry,
      // Retries wait on the wall clock (the network's time), whatever clock the data is evaluated on.
      now: () => Date.now() / 1000,
      mayDeliver: () => this.#lead(),
      logger: o.logger,
      onAttempt: (d, result, outcome) => {
        if (outcome === 'delivered') this.#failures.delete(d.channel);
        if (outcome === 'failed' && !result.ok) this.#failures.set(d.channel, `delivery ${d.id} failed: ${result.error}`);
      },
    });
    o.health.addCheck('alerts', () => this.problem);
  }

  /** Registers the live-state (issue 15) or plan-limits (issue 16) provider the rules read. */
  provide(inputs: AlertInputs): void {
    Object.assign(this.#inputs, inputs);
    this.evaluate();
  }

  start(): void {
    this.#unsubscribe = this.#o.store.onCommit(() => this.evaluate());
    this.#tick = setInterval(() => this.evaluate(), this.#o.tickMs);
    this.#tick.unref();
    this.evaluate();
    this.#delivery.kick();
  }

  /** What is wrong with alerts, for health (a refused edit, a channel failing for good, rules without their data), or null. */
  get problem(): string | null {
    const problems = [
      this.#reloader.problem,
      this.#evalError,
      ...[...this.#failures].map(([channel, why]) => `channel ${channel}: ${why}`),
      ...[...this.#unknown].map(([rule, why]) => `rule "${rule}" ${why}`),
    ].filter((p): p is string => p !== null);
    return problems.length === 0 ? null : problems.join('; ');
  }

  get rules(): AlertsFile {
    return this.#rules;
  }

  /** Evaluates the rules soon (coalescing bursts of commits). */
  evaluate(): void {
    if (this.#closed) return;
    if (this.#evaluating) {
      this.#pending = true;
      return;
    }
    const wait = this.#lastStart + evaluationGap(this.#lastCost) - performance.now();
    if (wait > 0) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.evaluate();
      }, wait);
      return;
    }
    const started = performance.now();
    this.#lastStart = started;
    this.#evaluating = this.#evaluate()
      .finally(() => {
        this.#lastCost = performance.now() - started;
      })
      .then(
        () => {
          this.#evalError = null;
        },
        (err: unknown) => {
          const reason = `the rules could not be evaluated: ${(err as Error).message}`;
          if (reason !== this.#evalError) this.#o.logger.warn({ err }, reason);
          this.#evalError = reason;
        },
      )
      .finally(() => {
        this.#evaluating = undefined;
        if (this.#pending) {
          this.#pending = false;
          this.evaluate();
        }
      });
  }

  /** Resolves once no evaluation is under way or asked for, and the delivery pass under way is over (tests). */
  async settled(): Promise<void> {
    while (this.#evaluating || this.#pending || this.#timer) {
      await (this.#evaluating ?? new Promise((r) => setTimeout(r, 10)));
    }
    await this.#delivery.idle();
  }

  async #evaluate(): Promise<void> {
    if (!(await this.#lead())) return;
    const now = this.#o.clock.now();
    const rules = this.#rules.rules;
    const reads = new EvaluationReads({ store: this.#o.store, now, health: () => this.#o.health.problems, inputs: this.#inputs });
    const base = this.#o.publicUrl();
    const ctx = { reads, staleTaskMinutes: this.#o.staleTaskMinutes, link: (path: string) => (base === null ? null : `${base}${path}`) };
    const outcomes = new Map<string, Outcome>();
    await Promise.all(rules.filter((r) => r.enabled).map(async (r) => outcomes.set(r.name, await evaluateCondition(r.when, ctx))));
    this.#unknown = new Map([...outcomes].flatMap(([name, o]) => ('unknown' in o ? [[name, o.unknown] as [string, string]] : [])));
    const changes = planChanges(rules, outcomes, await this.#alerts.activeAlerts(), now);
    if (changes.length > 0) {
      const notices = await this.#alerts.applyAlertChanges(changes);
      if (notices > 0) this.#delivery.kick();
    }
    if (now - this.#lastPrune > 600) {
      this.#lastPrune = now;
      await this.#alerts.pruneAlerts(now - 2 * TASK_FAILED_LOOKBACK_SECONDS, KEEP_DELIVERIES);
    }
  }

  /** Whether this node evaluates and sends: it holds (or just renewed) the alerts lease; a store without leases is one node. */
  async #lead(): Promise<boolean> {
    const store = this.#o.store;
    if (!store.acquireLease) return true;
    const now = this.#o.clock.now();
    if (now < this.#leaseUntil - this.#o.leaseSeconds / 2) return true;
    const held = await store.acquireLease(LEASE, this.#o.nodeId, this.#o.leaseSeconds).catch(() => false);
    this.#leaseUntil = held ? now + this.#o.leaseSeconds : 0;
    return held;
  }

  /** `GET /api/alerts`. */
  async status(): Promise<AlertsStatus> {
    const [active, deliveries] = await Promise.all([this.#alerts.activeAlerts(), this.#alerts.recentDeliveries(ALERT_DELIVERIES_LIMIT)]);
    return {
      enabled: true,
      problem: this.problem,
      channels: Object.entries(this.#rules.channels).map(([name, c]) => ({ name, type: c.type })),
      rules: this.#rules.rules.map((r) => {
        const { type, ...params } = r.when;
        return { name: r.name, condition: type, params, notify: r.notify, repeat_after: r.repeat_after ?? null, enabled: r.enabled, problem: this.#unknown.get(r.name) ?? null };
      }),
      active: active
        .filter((a) => a.kind === 'state')
        .map((a) => {
          const facts = a.alert as unknown as AlertFacts;
          return { rule: a.rule, instance: a.instance, condition: facts.condition, title: facts.title, details: facts.details, link: facts.link, fired_at: a.firedAt, notified_at: a.notifiedAt };
        }),
      deliveries: deliveries.map(deliveryInfo),
    };
  }

  /**
   * `POST /api/alerts/test`: records a test notice to `channel` and waits for its first
   * attempt (up to the attempt timeout and a second); null when there is no such channel.
   */
  async test(channel: string): Promise<AlertDeliveryInfo | null> {
    if (!(channel in this.#rules.channels)) return null;
    const now = this.#o.clock.now();
    const base = this.#o.publicUrl();
    const alert: AlertFacts = {
      rule: '',
      condition: 'test',
      title: `AMIGA Monitor can reach ${channel}`,
      details: [['Channel', `${channel} (${this.#rules.channels[channel]!.type})`], ['Sent', new Date(now * 1000).toISOString()]],
      link: base === null ? null : `${base}/alerts`,
      data: { channel },
    };
    const before = (await this.#alerts.recentDeliveries(1))[0]?.id ?? 0;
    await this.#alerts.applyAlertChanges([{ type: 'test', at: now, alert: { ...alert }, channels: [channel] }]);
    const mine = async () => (await this.#alerts.recentDeliveries(50)).find((d) => d.id > before && d.notice === 'test' && d.channel === channel);
    this.#delivery.kick();
    const until = performance.now() + this.#o.retry.timeoutMs + 1000;
    let d = await mine();
    while (d && d.status === 'pending' && d.attempts === 0 && performance.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
      d = await mine();
    }
    if (!d) throw new Error('the test notice was not recorded');
    return deliveryInfo(d);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    clearInterval(this.#tick);
    clearTimeout(this.#timer);
    this.#reloader.close();
    await this.#evaluating;
    await this.#delivery.close();
    await this.#o.store.releaseLease?.(LEASE, this.#o.nodeId).catch(() => undefined);
  }
}

function deliveryInfo(d: Delivery): AlertDeliveryInfo {
  return {
    id: d.id,
    created_at: d.createdAt,
    rule: d.rule,
    instance: d.instance,
    notice: d.notice,
    channel: d.channel,
    title: String((d.alert as { title?: unknown }).title ?? ''),
    status: d.status,
    attempts: d.attempts,
    next_at: d.nextAt,
    delivered_at: d.deliveredAt,
    last_error: d.lastError,
  };
}

/** Milliseconds between the starts of two commit-driven evaluations, after one that took `costMs`. */
export function evaluationGap(costMs: number): number {
  return Math.max(MIN_GAP_MS, costMs * (1 + GAP_PER_COST));
}
