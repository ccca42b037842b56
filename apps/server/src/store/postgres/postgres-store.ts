import os from 'node:os';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { TaskSummary } from '@amiga/protocol';
import type { StoredEvent } from '../event.js';
import type {
  CommitListener,
  CommitOrigin,
  FileCursor,
  IngestOptions,
  IngestResult,
  ProjectCost,
  ScopeFilter,
  Store,
  TaskListQuery,
  WindowData,
  WindowQuery,
} from '../store.js';
import { liveWrites, type LiveChange, type LiveList, type LiveQuery } from '../live.js';
import type { AlertStore } from '../alert-store.js';
import { postgresAlertStore } from './alert-store.js';
import { ChangeFeed } from './change-feed.js';
import { readLive, writeLives } from './live-sql.js';
import { isRetryable, isUnavailable } from './health.js';
import { migrate } from './migrate.js';
import { SharedNames } from './names.js';
import { NUMBER_TYPES, pgText } from './pg-values.js';
import type { LimitsData, LimitsWrite, UsagePoint } from '../limits.js';
import { readLimits, readUsage, writeLimits } from './limits.js';
import { listTasks, readProjectCosts, readSeries, readWindow } from './read-window.js';
import { storableCursors, storableEvents } from './sanitize.js';
import { writeBatch } from './write-batch.js';
import { listSessionsPg, readSessionPg, readTaskLinksPg, readTaskPg } from './sessions-sql.js';
import type { TaskLinks, TaskRead } from '../task-sessions.js';
import type { SessionListPage, SessionListQuery, SessionRead, SessionReadQuery } from '../session-reads.js';
import { withMachine } from '../with-machine.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** This node's name in change notices; default: host, pid and a random suffix. */
  nodeId?: string;
  /** Connections for queries (the change feed has its own). Default 10. */
  poolSize?: number;
  /** The machine this node runs on (see SqliteStoreOptions.machine); default the host name. */
  machine?: string;
}

/** The channel commits are announced on; the payload is the committing node's id. */
export const CHANGES_CHANNEL = 'amiga_changes';

/** Attempts of a batch that hit a deadlock or serialization failure (none is expected: see write-batch.ts). */
const ATTEMPTS = 3;

/**
 * The Store on PostgreSQL, for several nodes sharing one database. Results are
 * those of the SQLite store for the same events; see write-batch.ts for how
 * concurrent nodes stay correct, names.ts for the shared name cap, and
 * change-feed.ts for how nodes hear of each other's commits.
 */
export class PostgresStore implements Store {
  readonly nodeId: string;
  readonly #pool: pg.Pool;
  readonly #feed: ChangeFeed;
  readonly #names: SharedNames;
  readonly #listeners = new Set<CommitListener>();
  #version = 0;
  /** Why the last query failed, while the database looks unavailable. */
  #failure: string | null = null;
  #closed = false;
  /** Connections whose transaction could not be rolled back: closed rather than pooled. */
  readonly #broken = new WeakSet<pg.PoolClient>();
  /** The alert tables (issue 18). */
  readonly alerts: AlertStore = postgresAlertStore(
    (fn) => this.#query(fn),
    (fn) => this.#transaction('BEGIN', fn),
  );

  readonly #machine: string;

  private constructor(nodeId: string, pool: pg.Pool, feed: ChangeFeed, names: SharedNames, machine: string) {
    this.nodeId = nodeId;
    this.#machine = machine;
    this.#pool = pool;
    this.#feed = feed;
    this.#names = names;
  }

  /** Connects, migrates the schema (safe with several nodes starting at once) and starts listening for other nodes' commits. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const nodeId = options.nodeId ?? `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const config: pg.ClientConfig = {
      connectionString: options.url,
      types: NUMBER_TYPES,
      connectionTimeoutMillis: 10_000,
      // A database that stops answering (a network partition sends no reset) fails queries instead of hanging
      // them, and TCP keepalive finds a dead connection in seconds rather than the system's two hours.
      query_timeout: 60_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    };
    const pool = new pg.Pool({ ...config, max: options.poolSize ?? 10 });
    // An idle client losing its connection (the server restarted) must not crash the process:
    // the pool drops it and opens a new one on demand. The store reports it through status().
    let store: PostgresStore | undefined;
    pool.on('error', (err) => {
      if (store) store.#unavailable(err);
    });
    let feed: ChangeFeed | undefined;
    try {
      const machine = options.machine ?? os.hostname();
      await migrate(pool, machine);
      const names = await withClient(pool, SharedNames.load);
      feed = new ChangeFeed({ client: config, channel: CHANGES_CHANNEL, nodeId, onRemote: () => {
          if (store) store.#remoteCommit();
        } });
      await feed.start();
      store = new PostgresStore(nodeId, pool, feed, names, machine);
      return store;
    } catch (err) {
      await feed?.close();
      await pool.end().catch(() => undefined);
      throw err;
    }
  }

  get version(): number {
    return this.#version;
  }

  status(): string | null {
    if (this.#closed) return 'closed';
    return this.#feed.down ?? this.#failure;
  }

  /**
   * One transaction per batch (READ COMMITTED: every claim sees the latest commits of
   * other nodes). Concurrent calls run on separate connections; their row locks
   * order them where they overlap. The change notice is sent inside the transaction,
   * so other nodes hear of it exactly when it commits.
   */
  async ingest(events: readonly StoredEvent[], options: IngestOptions = {}): Promise<IngestResult> {
    const batch = storableEvents(withMachine(events, this.#machine));
    const cursors = storableCursors(options.cursors ?? []);
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.#transaction('BEGIN', async (client) => {
          const o = await writeBatch(client, this.#names, batch, cursors);
          const live = options.live === undefined ? undefined : await writeLives(client, liveWrites(options.live));
          const result = live === undefined ? o.result : { ...o.result, live };
          if (changedData(result)) await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, this.nodeId]);
          return { ...o, result };
        });
        outcome.committed();
        if (changedData(outcome.result)) this.#changed(outcome.kept, 'local', outcome.result.live ?? []);
        return outcome.result;
      } catch (err) {
        if (attempt >= ATTEMPTS || !isRetryable(err)) throw err;
      }
    }
  }

  /** Limit reports and status-line sessions in one transaction, announced to the other nodes like any commit. */
  async recordLimits(write: LimitsWrite): Promise<void> {
    if (write.limits.length === 0 && write.sessions.length === 0) return;
    await this.#transaction('BEGIN', async (client) => {
      await writeLimits(client, write);
      await client.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, this.nodeId]);
    });
    this.#changed([], 'local');
  }

  async readLimits(): Promise<LimitsData> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', readLimits);
  }

  async readUsage(since: number): Promise<UsagePoint[]> {
    return this.#query((client) => readUsage(client, since));
  }

  async readWindow(query: WindowQuery): Promise<WindowData> {
    // One snapshot for every part of the window, as the SQLite store reads it in one transaction.
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => readWindow(client, query));
  }

  async readLive(query: LiveQuery): Promise<LiveList> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => readLive(client, query));
  }

  async listSessions(q: SessionListQuery): Promise<SessionListPage> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => listSessionsPg(client, q));
  }

  async readTask(id: string): Promise<TaskRead | null> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => readTaskPg(client, id));
  }

  async readTaskLinks(ids: readonly string[]): Promise<Map<string, TaskLinks>> {
    return this.#query((client) => readTaskLinksPg(client, ids));
  }

  async readSession(q: SessionReadQuery): Promise<SessionRead | null> {
    return this.#transaction('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', (client) => readSessionPg(client, q));
  }

  async readSeries(from: number, to: number, bucketSeconds: number, filter?: ScopeFilter): Promise<WindowData['series']> {
    return this.#query((client) => readSeries(client, from, to, bucketSeconds, filter));
  }

  async readProjectCosts(since: number, until: number): Promise<ProjectCost[]> {
    return this.#query((client) => readProjectCosts(client, since, until));
  }

  async readCursors(source: string): Promise<FileCursor[]> {
    return this.#query(async (client) => {
      const { rows } = await client.query<Omit<FileCursor, 'contentKey'> & { contentKey: string | null }>(
        'SELECT source, path, ino, "offset", content_key AS "contentKey" FROM source_files WHERE source = $1 ORDER BY path',
        [pgText(source)],
      );
      return rows.map(({ contentKey, ...c }): FileCursor => (contentKey === null ? c : { ...c, contentKey }));
    });
  }

  async listTasks(query: TaskListQuery): Promise<TaskSummary[]> {
    return this.#query((client) => listTasks(client, query));
  }

  /** One statement against the database's clock (nodes' clocks may disagree): insert, renew, or take over an expired lease. */
  async acquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
    return this.#query(async (client) => {
      const { rows } = await client.query(
        `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
          ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE leases.holder = excluded.holder OR leases.expires_at < now()
          RETURNING holder`,
        [pgText(name), pgText(holder), ttlSeconds],
      );
      return rows.length > 0;
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.#query((client) => client.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [pgText(name), pgText(holder)]));
  }

  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    await this.#feed.close();
    await this.#pool.end();
  }

  #changed(events: readonly StoredEvent[], origin: CommitOrigin, live: readonly LiveChange[] = []): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener(events, origin, live);
  }

  #remoteCommit(): void {
    if (this.#closed) return;
    // The feed is connected again, so the database answers: an idle connection's loss is history.
    this.#failure = null;
    this.#changed([], 'remote');
  }

  #unavailable(err: unknown): void {
    if (isUnavailable(err)) this.#failure = `database unavailable: ${(err as Error).message || String(err)}`;
  }

  /** Runs `fn` on a pooled connection, tracking health; a connection that failed is closed, not reused. */
  async #query<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (err) {
      this.#unavailable(err);
      throw err;
    }
    try {
      const result = await fn(client);
      client.release();
      this.#failure = null;
      return result;
    } catch (err) {
      this.#unavailable(err);
      client.release(isUnavailable(err) || this.#broken.has(client) ? (err as Error) : undefined);
      throw err;
    }
  }

  /** `fn` inside a transaction begun with `begin`: committed when it resolves, rolled back when it throws. */
  #transaction<T>(begin: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#query(async (client) => {
      await client.query(begin);
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // Failing to roll back means the connection is gone, and the transaction with it.
        await client.query('ROLLBACK').catch(() => this.#broken.add(client));
        throw err;
      }
    });
  }
}

/** Whether a batch changed what readers see: events stored or merged, or live session rows written. */
function changedData(result: IngestResult): boolean {
  return result.stored > 0 || (result.merged ?? 0) > 0 || (result.live?.length ?? 0) > 0;
}

async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}
