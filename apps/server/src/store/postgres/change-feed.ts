import pg from 'pg';

export interface ChangeFeedOptions {
  /** Client settings (connection string, types). */
  client: pg.ClientConfig;
  channel: string;
  /** This node: its own notices are ignored (its listeners heard of its commits already). */
  nodeId: string;
  /**
   * Another node committed, or this feed reconnected and may have missed notices.
   * Notices that arrive together make one call.
   */
  onRemote: () => void;
  /** First delay before reconnecting; it doubles up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * LISTENs for other nodes' commits on a dedicated connection (a pooled one would
 * be handed to queries and its LISTEN lost). The connection is re-opened on its
 * own with backoff when it drops; the first successful reconnect after a drop is
 * reported as a remote change, since notices sent meanwhile are lost.
 */
export class ChangeFeed {
  readonly #o: Required<ChangeFeedOptions>;
  #client: pg.Client | undefined;
  #down: string | null = 'not connected yet';
  #closed = false;
  #backoff: number;
  #retry: NodeJS.Timeout | undefined;
  /** A reconnect under way, awaited by close() so no connection outlives the feed. */
  #connecting: Promise<void> | undefined;
  #flush: NodeJS.Immediate | undefined;

  constructor(options: ChangeFeedOptions) {
    this.#o = { minBackoffMs: 250, maxBackoffMs: 5_000, ...options };
    this.#backoff = this.#o.minBackoffMs;
  }

  /** Why the feed is not listening, or null while it is. */
  get down(): string | null {
    return this.#down;
  }

  /** Connects and listens; rejects when the first connection fails (the store is not usable then either). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    if (this.#flush) clearImmediate(this.#flush);
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client(this.#o.client);
    // An error (server shut down, network gone) is followed by 'end'; both lead to one reconnect.
    client.on('error', (err) => this.#lost(client, err.message));
    client.on('end', () => this.#lost(client, 'connection closed'));
    client.on('notification', (msg) => {
      if (msg.channel === this.#o.channel && msg.payload !== this.#o.nodeId) this.#notify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#o.channel)}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#down = null;
    this.#backoff = this.#o.minBackoffMs;
  }

  #lost(client: pg.Client, reason: string): void {
    if (client !== this.#client || this.#closed) return;
    this.#client = undefined;
    this.#down = `change feed disconnected: ${reason}`;
    client.end().catch(() => undefined);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#connecting = this.#connect();
      this.#connecting.then(
        () => {
          this.#connecting = undefined;
          if (!this.#closed) this.#notify();
        },
        (err: Error) => {
          this.#connecting = undefined;
          this.#down = `change feed reconnecting: ${err.message}`;
          this.#backoff = Math.min(this.#backoff * 2, this.#o.maxBackoffMs);
          this.#schedule();
        },
      );
    }, this.#backoff);
  }

  /** Coalesces notices delivered together (one socket read) into one call. */
  #notify(): void {
    if (this.#flush || this.#closed) return;
    this.#flush = setImmediate(() => {
      this.#flush = undefined;
      this.#o.onRemote();
    });
  }
}
