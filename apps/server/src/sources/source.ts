import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { StoredEvent } from '../store/event.js';
import type { Logger } from '../logging/logger.js';
import type { IngestOptions, IngestResult, Store } from '../store/store.js';

/** What a data source gets to work with. */
export interface SourceContext {
  config: Config;
  /** What a source reads from the store (its saved file positions); writes go through `ingest`. */
  store: Omit<Store, 'ingest'>;
  clock: Clock;
  logger: Logger;
  /**
   * Commits events (atomically, with the file positions given) through the ingest service,
   * which counts them and wakes the broadcaster; rejects (StoreUnavailableError) when nothing was stored.
   */
  ingest(events: readonly StoredEvent[], options?: IngestOptions): Promise<IngestResult>;
}

/** A producer of events that runs inside the server (transcript watcher, demo fleet, …). */
export interface Source {
  readonly name: string;
  start(ctx: SourceContext): Promise<void>;
  stop(): Promise<void>;
  /** What the source reports about itself (files followed, lines skipped, …), for `GET /api/sources`. */
  status?(): Record<string, unknown>;
}
