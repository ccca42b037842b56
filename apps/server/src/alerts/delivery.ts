import type { Logger } from '../logging/logger.js';
import type { AlertStore, Delivery } from '../store/alert-store.js';
import { retryDelaySeconds, type RetryPolicy } from './backoff.js';
import { sendDelivery } from './channels/send.js';
import type { SendResult } from './channels/http.js';
import type { Channel } from './rules-schema.js';

export interface DeliveryLoopOptions {
  alerts: AlertStore;
  /** The channels in force (they may be reloaded between attempts). */
  channels(): Readonly<Record<string, Channel>>;
  policy: RetryPolicy;
  /** Unix seconds. */
  now(): number;
  /** True while this node may send (holds the alerts lease). */
  mayDeliver(): Promise<boolean>;
  /** Longest sleep between two looks at the outbox, ms (other nodes record notices too). Default 5000. */
  idleMs?: number;
  logger: Logger;
  /** Told of each settled attempt (health, metrics). */
  onAttempt?(d: Delivery, result: SendResult, outcome: 'delivered' | 'retry' | 'failed'): void;
}

/** Deliveries attempted at once. */
const BATCH = 20;

/**
 * Sends what the outbox holds. A delivery is marked delivered only after its endpoint
 * accepted it; a retryable failure sets its next attempt (see backoff.ts); a permanent one,
 * or one still failing after `retryForSeconds`, marks it failed. Because the state is in the
 * store, a restart carries on where it stopped: what was delivered is not sent again, what
 * was pending is. (A process killed between an endpoint's answer and the store's commit
 * sends that one message again on restart: at least once, and webhooks get an Idempotency-Key.)
 */
export class DeliveryLoop {
  readonly #o: DeliveryLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(o: DeliveryLoopOptions) {
    this.#o = o;
  }

  /** Looks at the outbox now (after notices were recorded). */
  kick(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#running = this.#pass()
      .catch((err: unknown) => this.#o.logger.warn({ err }, `alert delivery: ${(err as Error).message}`))
      .then(async () => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          return this.kick();
        }
        await this.#schedule();
      });
  }

  /** Resolves when the pass under way (if any) is over. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #schedule(): Promise<void> {
    if (this.#closed) return;
    const idle = this.#o.idleMs ?? 5000;
    let wait = idle;
    try {
      const next = await this.#o.alerts.nextDeliveryAt();
      if (next !== null) wait = Math.min(idle, Math.max(0, (next - this.#o.now()) * 1000));
    } catch {
      // the store is down: look again later
    }
    if (this.#closed) return;
    this.#timer = setTimeout(() => this.kick(), Math.ceil(wait));
    this.#timer.unref();
  }

  async #pass(): Promise<void> {
    for (;;) {
      if (this.#closed || !(await this.#o.mayDeliver())) return;
      const due = await this.#o.alerts.dueDeliveries(this.#o.now(), BATCH);
      if (due.length === 0) return;
      // One at a time per channel (order kept, one rate limit at a time); channels in parallel.
      const byChannel = new Map<string, Delivery[]>();
      for (const d of due) byChannel.set(d.channel, [...(byChannel.get(d.channel) ?? []), d]);
      await Promise.all([...byChannel.values()].map(async (list) => {
        for (const d of list) if (!(await this.#attempt(d))) break;
      }));
      if (due.length < BATCH) return;
    }
  }

  /** One attempt; false when the channel should not be tried again in this pass. */
  async #attempt(d: Delivery): Promise<boolean> {
    const { alerts, policy, now } = this.#o;
    const channel = this.#o.channels()[d.channel];
    const result: SendResult = channel
      ? await sendDelivery(channel, d, policy.timeoutMs)
      : { ok: false, retry: false, error: `no channel "${d.channel}" in the alerts file any more` };
    const attempts = d.attempts + 1;
    const at = now();
    if (result.ok) {
      // The last error stays: "delivered after 3 attempts" says what the endpoint did before.
      await alerts.settleDelivery(d.id, { status: 'delivered', attempts, nextAt: at, deliveredAt: at, error: d.lastError });
      this.#o.onAttempt?.(d, result, 'delivered');
      return true;
    }
    const giveUp = !result.retry || at - d.createdAt >= policy.retryForSeconds;
    if (giveUp) {
      const error = result.retry ? `gave up after ${attempts} attempts: ${result.error}` : result.error;
      await alerts.settleDelivery(d.id, { status: 'failed', attempts, nextAt: at, error });
      this.#o.logger.error({ channel: d.channel, delivery: d.id, error }, `alert to ${d.channel} failed: ${error}`);
      this.#o.onAttempt?.(d, result, 'failed');
      return true;
    }
    const delay = retryDelaySeconds(attempts, policy, result.retryAfterSeconds);
    await alerts.settleDelivery(d.id, { status: 'pending', attempts, nextAt: at + delay, error: result.error });
    this.#o.logger.warn({ channel: d.channel, delivery: d.id, attempts, retryIn: delay }, `alert to ${d.channel} not delivered (${result.error}); trying again in ${delay.toFixed(1)} s`);
    this.#o.onAttempt?.(d, result, 'retry');
    return false;
  }
}
