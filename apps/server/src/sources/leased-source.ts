import type { Store } from '../store/store.js';
import type { Source, SourceContext } from './source.js';

export interface LeaseOptions {
  /** What is leased, e.g. `claude:/home/me/.claude/projects`: nodes asking for the same name take turns. */
  name: string;
  /** This node. */
  holder: string;
  /** A lease not renewed for this long is free for another node. Default 15 s. */
  ttlSeconds?: number;
}

type LeaseStore = Required<Pick<Store, 'acquireLease' | 'releaseLease'>>;

/**
 * Runs a source on one node of a cluster at a time. Every node asks for the lease
 * every third of its time to live; the one that holds it runs the source (a fresh
 * instance each time it takes over, which resumes from the file positions committed
 * with the events), the others stand by. A node that cannot renew in time (lost
 * the lease, or cannot reach the database) stops its source before the lease can
 * pass to another node, so two nodes never read the same folder at once.
 */
export class LeasedSource implements Source {
  readonly name: string;
  readonly #make: () => Source;
  readonly #store: LeaseStore;
  readonly #o: Required<LeaseOptions>;
  #inner: Source | undefined;
  #ctx: SourceContext | undefined;
  #timer: NodeJS.Timeout | undefined;
  #heldUntil = 0;
  #turn: Promise<void> = Promise.resolve();
  #stopped = false;
  #takeovers = 0;
  #starting: Promise<void> | undefined;

  constructor(name: string, make: () => Source, store: LeaseStore, options: LeaseOptions) {
    this.name = name;
    this.#make = make;
    this.#store = store;
    this.#o = { ttlSeconds: 15, ...options };
  }

  /** Resolves once this node either runs the source (its initial work done) or stands by. */
  async start(ctx: SourceContext): Promise<void> {
    this.#ctx = ctx;
    await this.#tick();
    await this.#starting;
    this.#timer = setInterval(() => void this.#tick(), (this.#o.ttlSeconds * 1000) / 3);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#turn;
    const held = this.#inner !== undefined;
    await this.#release();
    if (held) await this.#store.releaseLease(this.#o.name, this.#o.holder).catch(() => undefined);
  }

  status(): Record<string, unknown> {
    return {
      lease: { name: this.#o.name, holder: this.#o.holder, held: this.#inner !== undefined, takeovers: this.#takeovers },
      ...(this.#inner?.status?.() ?? { state: 'standby' }),
    };
  }

  /** One lease round; rounds never overlap. */
  #tick(): Promise<void> {
    this.#turn = this.#turn.then(() => this.#round());
    return this.#turn;
  }

  async #round(): Promise<void> {
    if (this.#stopped || !this.#ctx) return;
    const asked = Date.now();
    let held: boolean;
    try {
      held = await this.#store.acquireLease(this.#o.name, this.#o.holder, this.#o.ttlSeconds);
    } catch (err) {
      this.#ctx.logger.warn({ err, lease: this.#o.name }, 'cannot renew the source lease');
      // Keep going only while the last renewal is surely still valid (a margin of a third of the time to live).
      if (this.#inner && Date.now() > this.#heldUntil - (this.#o.ttlSeconds * 1000) / 3) await this.#release();
      return;
    }
    if (held) {
      this.#heldUntil = asked + this.#o.ttlSeconds * 1000;
      if (!this.#inner && !this.#stopped) {
        const inner = this.#make();
        this.#inner = inner;
        this.#takeovers += 1;
        this.#ctx.logger.info({ lease: this.#o.name, holder: this.#o.holder }, `this node now runs source ${this.name}`);
        // Not awaited: an initial scan may take longer than the lease lives, and renewals must go on meanwhile.
        const ctx = this.#ctx;
        this.#starting = inner.start(ctx).catch((err: unknown) => ctx.logger.error({ err, source: this.name }, `source ${this.name} failed to start`));
      }
    } else if (this.#inner) {
      this.#ctx.logger.warn({ lease: this.#o.name }, `another node took over source ${this.name}`);
      await this.#release();
    }
  }

  async #release(): Promise<void> {
    const inner = this.#inner;
    this.#inner = undefined;
    await inner?.stop();
  }
}
