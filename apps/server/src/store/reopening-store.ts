import type { TaskSummary } from '@amiga/protocol';
import type { Logger } from '../logging/logger.js';
import type { AlertStore } from './alert-store.js';
import type { StoredEvent } from './event.js';
import { emptyCounts, type LiveChange, type LiveList, type LiveQuery } from './live.js';
import type { LimitsData, LimitsWrite, UsagePoint } from './limits.js';
import type { CommitListener, FileCursor, IngestOptions, IngestResult, ProjectCost, ScopeFilter, Store, TaskListQuery, WindowData, WindowQuery } from './store.js';
import type { TaskLinks, TaskRead } from './task-sessions.js';
import type { SessionListPage, SessionListQuery, SessionRead, SessionReadQuery } from './session-reads.js';
import { DEFAULT_RETRY_AFTER_SECONDS, StoreUnavailableError } from './unavailable.js';

export interface ReopeningStoreOptions {
  /** Opens the durable store; throws while it cannot. It must leave what it cannot open exactly as it was. */
  open: () => Store | Promise<Store>;
  /** What is opened, for messages: `the database ./data/amiga-monitor.db`. */
  what: string;
  /** Milliseconds between attempts to open. Default 5000. */
  retryMs?: number;
  logger: Logger;
}

/**
 * A durable store that may not be open yet. Until `open` succeeds it refuses every write
 * with StoreUnavailableError (nothing is acknowledged that is not durable), reads answer
 * as an empty store, `status()` says why, and `open` is tried again every `retryMs`: an
 * operator who replaces an unreadable database file is picked up without a restart.
 * Nothing is ever written in place of the file it could not open.
 */
export class ReopeningStore implements Store {
  readonly #o: Required<ReopeningStoreOptions>;
  readonly #listeners = new Set<CommitListener>();
  #inner: Store | undefined;
  #unsubscribe: (() => void) | undefined;
  #problem: string | null = null;
  #timer: NodeJS.Timeout | undefined;
  #version = 0;
  #closed = false;
  #attempts = 0;

  constructor(options: ReopeningStoreOptions) {
    this.#o = { retryMs: 5_000, ...options };
    this.#problem = `opening ${this.#o.what}`;
    this.#attempt();
  }

  /** True once the durable store is open. */
  get isOpen(): boolean {
    return this.#inner !== undefined;
  }

  get version(): number {
    return this.#version;
  }

  status(): string | null {
    if (this.#inner) return this.#inner.status?.() ?? null;
    return this.#problem;
  }

  ingest(events: readonly StoredEvent[], options?: IngestOptions): Promise<IngestResult> {
    if (this.#inner) return this.#inner.ingest(events, options);
    return Promise.reject(new StoreUnavailableError(this.#problem ?? `${this.#o.what} is not open`, this.#retryAfter()));
  }

  async readWindow(query: WindowQuery): Promise<WindowData> {
    return this.#inner ? this.#inner.readWindow(query) : emptyWindow();
  }

  async readSeries(from: number, to: number, bucketSeconds: number, filter?: ScopeFilter): Promise<WindowData['series']> {
    return this.#inner ? this.#inner.readSeries(from, to, bucketSeconds, filter) : { models: [], tools: [] };
  }

  /** Nothing while not open (an empty store's costs). */
  async readProjectCosts(since: number, until: number): Promise<ProjectCost[]> {
    return (await this.#inner?.readProjectCosts?.(since, until)) ?? [];
  }

  /** Rejects with StoreUnavailableError while not open: positions not known are not "none" (a source would read everything again). */
  async readCursors(source: string): Promise<FileCursor[]> {
    if (!this.#inner) throw new StoreUnavailableError(this.#problem ?? `${this.#o.what} is not open`, this.#retryAfter());
    return (await this.#inner.readCursors?.(source)) ?? [];
  }

  /** An empty list while not open (reads answer as an empty store). */
  async listSessions(query: SessionListQuery): Promise<SessionListPage> {
    return (await this.#inner?.listSessions?.(query)) ?? { sessions: [], next: null };
  }

  async readSession(query: SessionReadQuery): Promise<SessionRead | null> {
    return (await this.#inner?.readSession?.(query)) ?? null;
  }

  async readTask(id: string): Promise<TaskRead | null> {
    return (await this.#inner?.readTask?.(id)) ?? null;
  }

  async readTaskLinks(ids: readonly string[]): Promise<Map<string, TaskLinks>> {
    return (await this.#inner?.readTaskLinks?.(ids)) ?? new Map();
  }

  async readLive(query: LiveQuery): Promise<LiveList> {
    return (await this.#inner?.readLive?.(query)) ?? { sessions: [], counts: emptyCounts() };
  }

  /** Refused like a write while not open (nothing is acknowledged that is not durable). */
  async recordLimits(write: LimitsWrite): Promise<void> {
    if (!this.#inner) throw new StoreUnavailableError(this.#problem ?? `${this.#o.what} is not open`, this.#retryAfter());
    await this.#inner.recordLimits?.(write);
  }

  async readLimits(): Promise<LimitsData> {
    return (await this.#inner?.readLimits?.()) ?? { limits: [], sessions: [] };
  }

  async readUsage(since: number): Promise<UsagePoint[]> {
    return (await this.#inner?.readUsage?.(since)) ?? [];
  }

  async listTasks(query: TaskListQuery): Promise<TaskSummary[]> {
    return (await this.#inner?.listTasks?.(query)) ?? [];
  }

  async acquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
    const inner = this.#inner;
    if (!inner?.acquireLease) return false;
    return inner.acquireLease(name, holder, ttlSeconds);
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.#inner?.releaseLease?.(name, holder);
  }

  /** The durable store's alert tables; every call refuses with StoreUnavailableError while it is not open. */
  readonly alerts: AlertStore = new Proxy({} as AlertStore, {
    get: (_target, name: keyof AlertStore) =>
      (...args: unknown[]) => {
        const inner = this.#inner?.alerts;
        if (!inner) return Promise.reject(new StoreUnavailableError(this.#problem ?? `${this.#o.what} is not open`, this.#retryAfter()));
        return (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      },
  });

  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#listeners.clear();
    this.#unsubscribe?.();
    await this.#inner?.close();
  }

  #retryAfter(): number {
    return Math.max(1, Math.ceil(Math.min(this.#o.retryMs, DEFAULT_RETRY_AFTER_SECONDS * 1000) / 1000));
  }

  /** Tries to open the store (at once when `open` is synchronous); on failure, again after `retryMs`. */
  #attempt(): void {
    if (this.#closed) return;
    this.#attempts += 1;
    let opened: Store | Promise<Store>;
    try {
      opened = this.#o.open();
    } catch (err) {
      return this.#failed(err);
    }
    if (opened instanceof Promise) opened.then((store) => this.#opened(store), (err: unknown) => this.#failed(err));
    else this.#opened(opened);
  }

  #failed(err: unknown): void {
    const every = Math.round(this.#o.retryMs / 100) / 10;
    const reason = `cannot open ${this.#o.what}: ${(err as Error).message}; it is left as it is, and writes answer 503 until it opens (trying again every ${every} s)`;
    if (reason !== this.#problem) this.#o.logger.error({ err }, reason);
    this.#problem = reason;
    this.#timer = setTimeout(() => this.#attempt(), this.#o.retryMs);
    this.#timer.unref();
  }

  #opened(store: Store): void {
    if (this.#closed) return void store.close();
    this.#inner = store;
    this.#problem = null;
    this.#unsubscribe = store.onCommit((events, origin, live) => this.#changed(events, origin, live));
    if (this.#attempts > 1) {
      this.#o.logger.info(`opened ${this.#o.what}; writes are accepted again`);
      // What it holds is readable now: every reader must look again.
      this.#changed([], 'remote');
    }
  }

  #changed(events: readonly StoredEvent[], origin: 'local' | 'remote', live: readonly LiveChange[] = []): void {
    this.#version += 1;
    for (const listener of this.#listeners) listener(events, origin, live);
  }
}

/** A window with nothing in it: what an unopened store has to show. */
function emptyWindow(): WindowData {
  return {
    models: [],
    tools: [],
    sessionCount: 0,
    sessions: [],
    series: { models: [], tools: [] },
    activity: [],
    taskCounts: { pending: 0, running: 0, completed: 0, failed: 0 },
    recentTasks: [],
    staleTasks: 0,
    apiErrors: 0,
  };
}
