import { normalizeEvent } from '../../ingest/normalize.js';
import type { PriceRow } from '../../metrics/pricing.js';
import type { StoredEvent } from '../../store/event.js';
import { StoreUnavailableError } from '../../store/unavailable.js';
import type { Source, SourceContext } from '../source.js';
import { DemoFleet } from './fleet.js';
import { Dice, seededRandom } from './rng.js';

export interface DemoSourceOptions {
  prices: readonly PriceRow[];
  /** Delay between steps, drawn uniformly from [min, max] milliseconds. Default 300..2500. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Seed for a replayable run. Default: random. */
  seed?: number;
  /** Steps taken at once on start, so a dashboard has something to show. Default 8. */
  warmupSteps?: number;
}

/** Simulated agents (source `demo`), for trying the monitor with no agent running. */
export class DemoSource implements Source {
  readonly name = 'demo';
  readonly #o: Required<Omit<DemoSourceOptions, 'seed'>> & { seed: number | undefined };
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #steps = 0;
  #fleet: DemoFleet | undefined;
  #ctx: SourceContext | undefined;

  constructor(options: DemoSourceOptions) {
    this.#o = { minDelayMs: 300, maxDelayMs: 2500, warmupSteps: 8, seed: undefined, ...options };
  }

  status(): Record<string, unknown> {
    return { steps: this.#steps, note: 'simulated data: every project is named demo/…' };
  }

  async start(ctx: SourceContext): Promise<void> {
    this.#ctx = ctx;
    const dice = new Dice(this.#o.seed === undefined ? Math.random : seededRandom(this.#o.seed));
    this.#fleet = new DemoFleet(dice, this.#o.prices);
    const warmup: StoredEvent[] = [];
    for (let i = 0; i < this.#o.warmupSteps; i++) warmup.push(...this.#take(ctx.clock.now()));
    // A store that cannot write now refuses the warm-up; the fleet goes on, and its later steps are stored once it can.
    if (warmup.length) await ctx.ingest(warmup).catch((err: unknown) => this.#failed(ctx, err));
    this.#schedule(dice);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  #take(now: number): StoredEvent[] {
    this.#steps += 1;
    return (this.#fleet as DemoFleet).step(now).map((e) => normalizeEvent(e, { now, prices: this.#o.prices, tag: 'demo' }));
  }

  #failed(ctx: SourceContext, err: unknown): void {
    // The store's unavailability is reported once, by health and its own log; each refused step is not news.
    if (err instanceof StoreUnavailableError) ctx.logger.debug({ err }, 'demo events not stored: the store cannot write now');
    else ctx.logger.error({ err }, 'demo source failed to store events');
  }

  #schedule(dice: Dice): void {
    if (this.#stopped) return;
    const delay = dice.int(this.#o.minDelayMs, this.#o.maxDelayMs);
    this.#timer = setTimeout(() => {
      const ctx = this.#ctx as SourceContext;
      ctx.ingest(this.#take(ctx.clock.now())).then(
        () => this.#schedule(dice),
        (err: unknown) => {
          this.#failed(ctx, err);
          this.#schedule(dice);
        },
      );
    }, delay);
    this.#timer.unref();
  }
}
