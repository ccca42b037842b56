import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { HealthState } from '../http/health.js';
import type { Logger } from '../logging/logger.js';
import type { PriceRow } from '../metrics/pricing.js';
import type { LogsResult } from '../sources/otlp/logs.js';
import type { StoredEvent } from '../store/event.js';
import type { IngestOptions, IngestResult, Store } from '../store/store.js';
import { DEFAULT_RETRY_AFTER_SECONDS, StoreUnavailableError } from '../store/unavailable.js';
import { withMachine } from '../store/with-machine.js';
import type { Issue } from './describe-error.js';
import { INGEST_API, OTLP_LOGS } from './endpoints.js';

/** What became of events offered to the service, as counted in `/metrics` (`amiga_ingest_events_total`). */
export type IngestCount = 'accepted' | 'refused' | 'unavailable';

export interface IngestServiceDeps {
  store: Pick<Store, 'ingest'>;
  clock: Clock;
  prices: readonly PriceRow[];
  /** MONITORING_MACHINE: stamped on every event that names no machine (default: the store's own). */
  machine?: string;
  logger: Logger;
  /** Told when a write to a store that is open fails, and when one succeeds again (`store-writes`). */
  health?: HealthState;
  /** Counts events by where they came from (`api`, `otlp`, a source's name) and what became of them. */
  count?: (via: string, result: IngestCount, events: number) => void;
}

/** A write endpoint: what it is called in `/metrics`, its schema, and how its data becomes stored events. */
export interface Endpoint<S extends z.ZodType, T> {
  via: string;
  schema: S;
  /** The 400 message for a body the schema refuses. */
  describe(body: unknown, issues: readonly Issue[]): string;
  /** How many events a refused body counts as (default 1). */
  count?(body: unknown): number;
  /** The stored events of valid data, how many of its records were refused, and the answer once written. */
  build(
    data: z.infer<S>,
    context: { now: number; prices: readonly PriceRow[] },
  ): { events: StoredEvent[]; refused?: number; options?: IngestOptions; value: (stored: IngestResult) => T };
}

/** The answer to one offered write: stored (durable), refused as invalid (400), or not stored for now (503). */
export type Outcome<T> =
  | { status: 'stored'; value: T }
  | { status: 'invalid'; message: string }
  | { status: 'unavailable'; message: string; retryAfterSeconds: number };

/**
 * The one write pipeline. Every producer goes through it: the ingest API, the OTLP receiver,
 * the sources that run inside the server, and the endpoints to come. It validates with the
 * protocol's schemas, builds the stored events, writes them as one atomic batch, and counts
 * the outcome. It acknowledges only what is durable: when the store cannot write, the
 * outcome is `unavailable` and nothing of the batch is stored. Subscribers hear of a write
 * through the store's commit notices (`Store.onCommit`), so every write is published the same way.
 */
export class IngestService {
  readonly #d: IngestServiceDeps;

  constructor(deps: IngestServiceDeps) {
    this.#d = deps;
  }

  /**
   * One write from an endpoint (the ingest API, OTLP, and those to come: hooks, status line,
   * forwarder): `body` is validated with the protocol's `schema`, `build` turns the data into
   * stored events (and the answer's value), and they are written as one atomic batch.
   */
  async accept<S extends z.ZodType, T>(endpoint: Endpoint<S, T>, body: unknown): Promise<Outcome<T>> {
    const parsed = endpoint.schema.safeParse(body);
    if (!parsed.success) return { status: 'invalid', message: this.refuse(endpoint, body, parsed.error.issues) };
    return this.acceptValid(endpoint, parsed.data);
  }

  /**
   * A body the endpoint's schema refused (where the caller, e.g. the route table, ran the schema
   * itself): counted as refused; returns the 400 message.
   */
  refuse<S extends z.ZodType, T>(endpoint: Endpoint<S, T>, body: unknown, issues: readonly Issue[]): string {
    this.#count(endpoint.via, 'refused', endpoint.count?.(body) ?? 1);
    return endpoint.describe(body, issues);
  }

  /** Data already validated with `endpoint.schema` (by the route table): built, written, counted. */
  async acceptValid<S extends z.ZodType, T>(endpoint: Endpoint<S, T>, data: z.output<S>): Promise<Outcome<T>> {
    const built = endpoint.build(data, { now: this.#d.clock.now(), prices: this.#d.prices });
    if (built.refused) this.#count(endpoint.via, 'refused', built.refused);
    if (built.events.length === 0 && built.options?.live === undefined) return { status: 'stored', value: built.value({ stored: 0, duplicates: 0 }) };
    const written = await this.#offer(endpoint.via, built.events, built.options);
    return written.status === 'stored' ? { status: 'stored', value: built.value(written.value) } : written;
  }

  /** `POST /api/events`: one event or an array, validated whole before anything is written. */
  acceptEvents(body: unknown): Promise<Outcome<{ accepted: number }>> {
    return this.accept(INGEST_API, body);
  }

  /** `POST /v1/logs`: an OTLP logs export request (decoded JSON); records it cannot read are refused one by one. */
  acceptOtlpLogs(body: unknown): Promise<Outcome<{ logs: LogsResult; stored: IngestResult }>> {
    return this.accept(OTLP_LOGS, body);
  }

  /**
   * Writes events built by a source (see SourceContext.ingest). Resolves once they are
   * durable; rejects with StoreUnavailableError when nothing of the batch could be stored.
   */
  async write(via: string, events: readonly StoredEvent[], options?: IngestOptions): Promise<IngestResult> {
    const written = await this.#offer(via, events, options);
    if (written.status === 'stored') return written.value;
    throw new StoreUnavailableError(written.message, written.retryAfterSeconds);
  }

  async #offer(via: string, events: readonly StoredEvent[], options?: IngestOptions): Promise<Exclude<Outcome<IngestResult>, { status: 'invalid' }>> {
    try {
      const machine = this.#d.machine;
      const result = await this.#d.store.ingest(machine === undefined ? events : withMachine(events, machine), options);
      this.#d.health?.recover('store-writes');
      this.#count(via, 'accepted', events.length);
      return { status: 'stored', value: result };
    } catch (err) {
      // Nothing of the batch is stored (one transaction): the producer sends it again later.
      this.#count(via, 'unavailable', events.length);
      if (err instanceof StoreUnavailableError) return { status: 'unavailable', message: err.message, retryAfterSeconds: err.retryAfterSeconds };
      const message = `the last write failed: ${(err as Error).message}`;
      this.#d.logger.error({ err, via, events: events.length }, 'cannot store events; answering 503');
      this.#d.health?.degrade('store-writes', `${message}; writes answer 503 until one succeeds`);
      return { status: 'unavailable', message, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
    }
  }

  #count(via: string, result: IngestCount, events: number): void {
    if (events > 0) this.#d.count?.(via, result, events);
  }
}
