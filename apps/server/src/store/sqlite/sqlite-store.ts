import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { TaskSummary } from '@amiga/protocol';
import { batchIds, planBatch, type BatchClaims, type BatchIds, type EventRow } from '../batch-plan.js';
import type { StoredEvent } from '../event.js';
import { NameCap } from '../name-cap.js';
import type { CallRow } from '../call-merge.js';
import type { RequestRow } from '../request-merge.js';
import type { Dim, RollupRow } from '../rollup.js';
import { rangeParams, READS, runWindowReads, SUMS, TASK_COLUMNS, toSeries, windowHours, windowRows, withStale, type ReadName, type ReadStep, type WindowRows } from '../rows.js';
import { withLocalMachine } from '../scope-rows.js';
import { withMachine } from '../with-machine.js';
import { TASK_ROW_COLUMNS, type TaskRow } from '../task-fold.js';
import type { CommitListener, FileCursor, IngestOptions, IngestResult, ProjectCost, ScopeFilter, Store, TaskListQuery, WindowData, WindowQuery } from '../store.js';
import { liveWrites, type LiveChange, type LiveList, type LiveQuery, type LiveWrite } from '../live.js';
import { liveStatements } from './live-sql.js';
import type { AlertStore } from '../alert-store.js';
import { sqliteAlertStore } from './alert-store.js';
import type { LimitsData, LimitsWrite, UsagePoint } from '../limits.js';
import { sqliteLimits } from './limits.js';
import { MIGRATIONS } from './schema.js';
import { sqliteSessions } from './sessions-sql.js';
import type { SessionListPage, SessionListQuery, SessionRead, SessionReadQuery } from '../session-reads.js';
import type { TaskLinks, TaskRead } from '../task-sessions.js';

export interface SqliteStoreOptions {
  /** File path or `:memory:`. The folder is created when missing. */
  path: string;
  /**
   * The machine this store runs on (MONITORING_MACHINE; default the host name): events that
   * name none are written under it, and a migration names the data stored before machines were recorded with it.
   */
  machine?: string;
  /** `FULL` (default) makes every commit durable against power loss; `NORMAL` only against a process crash. */
  synchronous?: 'FULL' | 'NORMAL';
}

/** One session's rows: the planner, with no statistics, would otherwise scan every session of the window. */
const SESSION_ROWS = { hour: 'rollup_hour INDEXED BY rollup_hour_session', minute: 'rollup_minute INDEXED BY rollup_minute_session' };

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #listeners = new Set<CommitListener>();
  #version = 0;
  readonly #names: NameCap;
  readonly #queue: Array<{
    events: readonly StoredEvent[];
    cursors: readonly FileCursor[];
    live: LiveWrite | readonly LiveWrite[] | undefined;
    resolve: (result: IngestResult) => void;
    reject: (error: unknown) => void;
  }> = [];
  readonly #groupCommit: (write: () => void) => void;
  readonly #writeBatch: (
    events: readonly StoredEvent[],
    cursors: readonly FileCursor[],
    live: LiveWrite | readonly LiveWrite[] | undefined,
  ) => { result: IngestResult; kept: StoredEvent[] };
  readonly #stmts;
  readonly #machine: string;
  readonly #live: ReturnType<typeof liveStatements>;
  /** The alert tables (issue 18). */
  readonly alerts: AlertStore;
  readonly #limits: ReturnType<typeof sqliteLimits>;
  readonly #sessions: ReturnType<typeof sqliteSessions>;

  constructor(options: SqliteStoreOptions) {
    this.#machine = options.machine ?? os.hostname();
    if (options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    const db = new Database(options.path);
    this.#db = db;
    try {
      // The first read of the file: one that is not a database fails here, before anything is written to it.
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('busy_timeout = 5000');
      migrate(db, this.#machine);
    } catch (err) {
      db.close();
      throw err;
    }

    const upsertRollup = (table: string) =>
      db.prepare(`INSERT INTO ${table} (dim, agent, machine, bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens,
          cache_read_tokens, reasoning_tokens, cost_usd, unpriced, calls, failed)
        VALUES (@dim, @agent, @machine, @bucket, @key, @requests, @inputTokens, @outputTokens, @cacheCreationTokens, @cacheReadTokens,
          @reasoningTokens, @costUsd, @unpriced, @calls, @failed)
        ON CONFLICT (dim, agent, machine, bucket, key) DO UPDATE SET
          requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
          cost_usd = cost_usd + excluded.cost_usd,
          unpriced = unpriced + excluded.unpriced, calls = calls + excluded.calls, failed = failed + excluded.failed`);

    this.#stmts = {
      insertEvent: db.prepare('INSERT INTO events (ts, agent, machine, type, description, data) VALUES (?, ?, ?, ?, ?, ?)'),
      seeRequest: db.prepare('INSERT OR IGNORE INTO seen_requests (request_id) VALUES (?)'),
      upsertMinute: upsertRollup('rollup_minute'),
      upsertHour: upsertRollup('rollup_hour'),
      getTask: db.prepare(`SELECT ${TASK_ROW_COLUMNS} FROM tasks WHERE id = ?`),
      linkTaskSession: db.prepare('INSERT OR IGNORE INTO task_sessions (task_id, session_id) VALUES (@taskId, @sessionId)'),
      // The plan folded the row (see task-fold.ts): it is written as it is.
      upsertTask: db.prepare(`INSERT INTO tasks (id, agent, machine, status, description, model, cost_usd, error, created_at, updated_at, started_at, ended_at)
        VALUES (@id, @agent, @machine, @status, @description, @model, @costUsd, @error, @createdAt, @updatedAt, @startedAt, @endedAt)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, description = excluded.description, model = excluded.model,
          cost_usd = excluded.cost_usd, error = excluded.error, created_at = excluded.created_at, updated_at = excluded.updated_at,
          started_at = excluded.started_at, ended_at = excluded.ended_at`),
      insertEvents: db.prepare(
        `INSERT INTO events (ts, agent, machine, type, description, data) VALUES ${Array.from({ length: EVENT_ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      ),
      upsertSession: db.prepare(`INSERT INTO sessions (id, agent, machine, project, model, first_seen, last_seen)
        VALUES (@id, @agent, @machine, @project, @model, @first, @last)
        ON CONFLICT (id) DO UPDATE SET
          agent = CASE WHEN sessions.agent = 'unknown' THEN excluded.agent ELSE sessions.agent END,
          project = COALESCE(sessions.project, excluded.project),
          model = CASE WHEN excluded.model IS NOT NULL AND @modelTs >= sessions.last_seen THEN excluded.model ELSE sessions.model END,
          first_seen = MIN(sessions.first_seen, excluded.first_seen),
          last_seen = MAX(sessions.last_seen, excluded.last_seen)`),
      ...(Object.fromEntries(Object.entries(READS).map(([name, text]) => [name, db.prepare(text)])) as Record<ReadName, Database.Statement>),
      sessionSums: db.prepare(`SELECT ${SUMS} FROM (${windowRows("dim = 's' AND key = @key", SESSION_ROWS)})`),
      upsertScope: db.prepare(`INSERT INTO scopes (agent, machine, first_seen, last_seen) VALUES (@agent, @machine, @first, @last)
        ON CONFLICT (agent, machine) DO UPDATE SET first_seen = MIN(scopes.first_seen, excluded.first_seen), last_seen = MAX(scopes.last_seen, excluded.last_seen)`),
      listTasks: db.prepare(`SELECT ${TASK_COLUMNS} FROM tasks
        WHERE (@status IS NULL OR status = @status) AND (@staleBefore IS NULL OR updated_at < @staleBefore)
        ORDER BY updated_at DESC, id LIMIT @limit`),
      getRequest: db.prepare('SELECT * FROM requests WHERE key = ?'),
      insertRequest: db.prepare(`INSERT INTO requests (key, event_id, ts, model, session_id, agent, machine, input_tokens, output_tokens,
          cache_creation_tokens, cache_read_tokens, reasoning_tokens, cost_usd)
        VALUES (@key, @event_id, @ts, @model, @session_id, @agent, @machine, @input_tokens, @output_tokens, @cache_creation_tokens,
          @cache_read_tokens, @reasoning_tokens, @cost_usd)`),
      updateRequest: db.prepare(`UPDATE requests SET input_tokens = @input_tokens, output_tokens = @output_tokens,
          cache_creation_tokens = @cache_creation_tokens, cache_read_tokens = @cache_read_tokens, reasoning_tokens = @reasoning_tokens,
          cost_usd = @cost_usd WHERE key = @key`),
      updateEvent: db.prepare('UPDATE events SET description = @description, data = @data WHERE id = @id'),
      seeKey: db.prepare('INSERT OR IGNORE INTO seen_keys (key) VALUES (?)'),
      getCall: db.prepare('SELECT key, ts, tool, session_id, success, duration_ms FROM tool_calls WHERE key = ?'),
      putCall: db.prepare(`INSERT INTO tool_calls (key, ts, tool, session_id, success, duration_ms) VALUES (@key, @ts, @tool, @session_id, @success, @duration_ms)
        ON CONFLICT (key) DO UPDATE SET success = excluded.success, duration_ms = excluded.duration_ms`),
      saveCursor: db.prepare(`INSERT INTO source_files (source, path, ino, offset, content_key) VALUES (@source, @path, @ino, @offset, @contentKey)
        ON CONFLICT (source, path) DO UPDATE SET ino = excluded.ino, offset = excluded.offset, content_key = excluded.content_key`),
      readCursors: db.prepare('SELECT source, path, ino, offset, content_key AS contentKey FROM source_files WHERE source = ?'),
      // One statement, so taking a lease is atomic: it inserts, renews (same holder) or takes over an expired one.
      acquireLease: db.prepare(`INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @now + @ttl)
        ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at < @now
        RETURNING holder`),
      releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?'),
    };

    this.#live = liveStatements(db);
    this.alerts = sqliteAlertStore(db);
    this.#limits = sqliteLimits(db);
    this.#sessions = sqliteSessions(db);
    this.#names = new NameCap(db.prepare("SELECT DISTINCT dim, key FROM rollup_hour WHERE dim IN ('m', 't', 'e')").all() as Array<{ dim: Dim; key: string }>);
    this.#groupCommit = db.transaction((write: () => void) => write());
    // Inside #groupCommit this runs as a savepoint: a batch that throws is rolled back alone.
    this.#writeBatch = db.transaction((events: readonly StoredEvent[], cursors: readonly FileCursor[], live: LiveWrite | readonly LiveWrite[] | undefined): { result: IngestResult; kept: StoredEvent[] } => {
      const s = this.#stmts;
      const plan = planBatch(events, this.#claim(batchIds(events)));
      const eventIds = this.#insertEvents(plan.eventRows, new Set(plan.createdRequests.map((c) => c.eventIndex)));
      for (const { row, eventIndex } of plan.createdRequests) s.insertRequest.run({ ...row, event_id: eventIds.get(eventIndex) });
      for (const row of plan.grownRequests) s.updateRequest.run(row);
      for (const u of plan.eventUpdates) s.updateEvent.run(u);
      for (const { row } of plan.tasks) s.upsertTask.run(row);
      for (const link of plan.taskSessions) s.linkTaskSession.run(link);
      for (const row of plan.sessions) s.upsertSession.run(row);
      for (const row of plan.scopes) s.upsertScope.run(row);
      for (const row of [...plan.calls.created, ...plan.calls.filled]) s.putCall.run({ ...row, success: row.success === null ? null : Number(row.success) });
      for (const r of plan.rollups.minute) s.upsertMinute.run(this.#names.cap(r));
      for (const r of plan.rollups.hour) s.upsertHour.run(this.#names.cap(r));
      for (const c of cursors) s.saveCursor.run({ source: c.source, path: c.path, ino: c.ino, offset: c.offset, contentKey: c.contentKey ?? null });
      if (live === undefined) return { result: plan.result, kept: plan.kept };
      const changes = liveWrites(live).flatMap((w) => this.#live.write(w).changes);
      return { result: { ...plan.result, live: changes }, kept: plan.kept };
    });
  }

  /** Claims a batch's ids (inside its transaction: a batch that fails releases them). */
  #claim(ids: BatchIds): BatchClaims {
    const s = this.#stmts;
    const fresh = (ids: Iterable<string>, see: Database.Statement) => new Set([...ids].filter((id) => see.run(id).changes > 0));
    const storedRequests = new Map<string, RequestRow>();
    for (const key of ids.firstReports.keys()) {
      const row = s.getRequest.get(key) as RequestRow | undefined;
      if (row) storedRequests.set(key, row);
    }
    const storedTasks = new Map<string, TaskRow>();
    for (const { id } of ids.tasks) {
      const row = s.getTask.get(id) as TaskRow | undefined;
      if (row) storedTasks.set(id, row);
    }
    const freshKeys = fresh(ids.keys, s.seeKey);
    const storedCalls = new Map<string, CallRow>();
    for (const key of ids.callKeys) {
      if (freshKeys.has(key)) continue;
      const row = s.getCall.get(key) as (Omit<CallRow, 'success'> & { success: number | null }) | undefined;
      if (row) storedCalls.set(key, { ...row, success: row.success === null ? null : row.success === 1 });
    }
    return { freshRequests: fresh(ids.requestIds, s.seeRequest), freshKeys, storedRequests, storedTasks, storedCalls };
  }

  /**
   * Inserts the event rows in order, many per statement; a row whose id is needed (`wanted`,
   * by index) is inserted alone, after what is buffered, so ids stay in arrival order.
   */
  #insertEvents(rows: readonly EventRow[], wanted: ReadonlySet<number>): Map<number, number> {
    const s = this.#stmts;
    const ids = new Map<number, number>();
    const buffered: unknown[] = [];
    const flush = () => {
      const width = EVENT_ROWS_PER_INSERT * EVENT_COLUMNS;
      let i = 0;
      for (; i + width <= buffered.length; i += width) s.insertEvents.run(buffered.slice(i, i + width));
      for (; i < buffered.length; i += EVENT_COLUMNS) s.insertEvent.run(buffered.slice(i, i + EVENT_COLUMNS));
      buffered.length = 0;
    };
    rows.forEach((r, index) => {
      const values = [r.ts, r.agent, r.machine, r.type, r.description, r.data];
      if (!wanted.has(index)) return void buffered.push(...values);
      flush();
      ids.set(index, Number(s.insertEvent.run(values).lastInsertRowid));
    });
    flush();
    return ids;
  }

  get version(): number {
    return this.#version;
  }

  /**
   * Group commit: batches that arrive while a commit is under way are written
   * together in the next transaction, each in its own savepoint (so each stays
   * atomic on its own), and share one fsync. Each promise settles after the commit
   * that holds its batch.
   */
  ingest(events: readonly StoredEvent[], options: IngestOptions = {}): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ events: withMachine(events, this.#machine), cursors: options.cursors ?? [], live: options.live, resolve, reject });
      if (this.#queue.length === 1) setImmediate(() => this.#commitQueued());
    });
  }

  #commitQueued(): void {
    const pending = this.#queue.splice(0);
    if (pending.length === 0) return;
    const outcomes: Array<{ ok: true; result: IngestResult; kept: StoredEvent[] } | { ok: false; error: unknown }> = [];
    try {
      this.#groupCommit(() => {
        for (const p of pending) {
          try {
            outcomes.push({ ok: true, ...this.#writeBatch(p.events, p.cursors, p.live) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is stored.
      for (const p of pending) p.reject(error);
      return;
    }
    let changed = false;
    const committed: StoredEvent[] = [];
    const live: LiveChange[] = [];
    pending.forEach((p, i) => {
      const o = outcomes[i] as (typeof outcomes)[number];
      if (!o.ok) return p.reject(o.error);
      if (o.result.stored > 0 || (o.result.merged ?? 0) > 0 || (o.result.live?.length ?? 0) > 0) changed = true;
      for (const e of o.kept) committed.push(e);
      for (const c of o.result.live ?? []) live.push(c);
      p.resolve(o.result);
    });
    if (changed) {
      this.#version += 1;
      for (const listener of this.#listeners) listener(committed, 'local', live);
    }
  }

  async recordLimits(write: LimitsWrite): Promise<void> {
    if (write.limits.length === 0 && write.sessions.length === 0) return;
    this.#limits.write(write);
    this.#version += 1;
    for (const listener of this.#listeners) listener([], 'local', []);
  }

  async readLimits(): Promise<LimitsData> {
    return this.#limits.read();
  }

  async readUsage(since: number): Promise<UsagePoint[]> {
    return this.#limits.usage(since);
  }

  async listSessions(q: SessionListQuery): Promise<SessionListPage> {
    return this.#sessions.list(q);
  }

  async readSession(q: SessionReadQuery): Promise<SessionRead | null> {
    return this.#sessions.read(q);
  }

  async readTask(id: string): Promise<TaskRead | null> {
    return this.#sessions.task(id);
  }

  async readTaskLinks(ids: readonly string[]): Promise<Map<string, TaskLinks>> {
    return this.#sessions.taskLinks(ids);
  }

  async readCursors(source: string): Promise<FileCursor[]> {
    const rows = this.#stmts.readCursors.all(source) as Array<Omit<FileCursor, 'contentKey'> & { contentKey: string | null }>;
    return rows.map(({ contentKey, ...c }) => (contentKey === null ? c : { ...c, contentKey }));
  }

  async acquireLease(name: string, holder: string, ttlSeconds: number): Promise<boolean> {
    return this.#stmts.acquireLease.get({ name, holder, ttl: ttlSeconds, now: Date.now() / 1000 }) !== undefined;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    this.#stmts.releaseLease.run(name, holder);
  }

  async listTasks(q: TaskListQuery): Promise<TaskSummary[]> {
    const stale = q.status === 'stale';
    const rows = this.#stmts.listTasks.all({
      status: stale ? 'running' : (q.status ?? null),
      staleBefore: stale ? q.staleBefore : null,
      limit: q.limit,
    }) as TaskSummary[];
    return rows.map((t) => withStale(t, q.staleBefore));
  }

  async readWindow(q: WindowQuery): Promise<WindowData> {
    return this.#db.transaction(() => this.#read(q))();
  }

  #read(q: WindowQuery): WindowData {
    const s = this.#stmts;
    return runWindowReads(q, ({ read, params }: ReadStep) => (s as Record<string, Database.Statement>)[read]?.all(params) ?? []);
  }

  async readLive(query: LiveQuery): Promise<LiveList> {
    return this.#db.transaction(() => this.#live.read(query))();
  }

  async readSeries(from: number, to: number, bucketSeconds: number, filter: ScopeFilter = {}): Promise<WindowData['series']> {
    const { read, params } = rangeParams(from, to, bucketSeconds, filter);
    return toSeries(this.#stmts[read].all(params) as WindowRows['series']);
  }

  async readProjectCosts(since: number, until: number): Promise<ProjectCost[]> {
    return this.#stmts.projectCosts.all({ since, ...windowHours(since, until) }) as ProjectCost[];
  }

  onCommit(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    if (this.#db.open) this.#db.close();
  }
}

/** Event rows written by one multi-row INSERT, and the columns of each. */
const EVENT_ROWS_PER_INSERT = 50;
const EVENT_COLUMNS = 6;

function migrate(db: Database.Database, machine: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  // A file written by a newer version is left as it is (migrating "down" to our count would mark
  // migrations we do not know as not run, and rewrite a file the operator may still want).
  if (current > MIGRATIONS.length) {
    throw new Error(`the database has schema version ${current}, newer than this server's ${MIGRATIONS.length}: run a newer AMIGA Monitor, or point MONITORING_DB at another file`);
  }
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    for (let i = current; i < MIGRATIONS.length; i++) db.exec(withLocalMachine(MIGRATIONS[i] as string, machine));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

export type { RollupRow };
