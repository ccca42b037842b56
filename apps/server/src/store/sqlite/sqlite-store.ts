import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import type { StoredEvent } from '../../ingest/normalize.js';
import { NameCap } from '../name-cap.js';
import { grown, mergeRequest, requestRow, type RequestRow } from '../request-merge.js';
import { foldRollups, HOUR, MINUTE, type Dim, type RequestDelta, type RollupRow } from '../rollup.js';
import { SUMS, TASK_COLUMNS, toModel, toSeries, windowHours, withStale, type SumRow } from '../rows.js';
import { SessionFold } from '../session-fold.js';
import type {
  CommitListener,
  FileCursor,
  IngestOptions,
  IngestResult,
  SessionTotals,
  Store,
  TaskListQuery,
  ToolTotals,
  WindowData,
  WindowQuery,
} from '../store.js';
import { MIGRATIONS } from './schema.js';

export interface SqliteStoreOptions {
  /** File path or `:memory:`. The folder is created when missing. */
  path: string;
  /** `FULL` (default) makes every commit durable against power loss; `NORMAL` only against a process crash. */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Rollup rows of the window [since, ∞) that match `filter`: whole hours from the
 * hourly rollup, the ragged edges (before the first whole hour, and the current
 * hour) from the minute rollup. The filter names the dimension, so each part is a
 * range scan of the primary key (dim, bucket, key) or of the per-session index.
 */
const windowRows = (filter: string, index: { hour: string; minute: string } | null = null) => {
  const hour = index ? `rollup_hour INDEXED BY ${index.hour}` : 'rollup_hour';
  const minute = index ? `rollup_minute INDEXED BY ${index.minute}` : 'rollup_minute';
  return `
  SELECT * FROM ${hour} WHERE ${filter} AND bucket >= @h0 AND bucket < @h1
  UNION ALL SELECT * FROM ${minute} WHERE ${filter} AND bucket >= @since AND bucket < @h0
  UNION ALL SELECT * FROM ${minute} WHERE ${filter} AND bucket >= @h1`;
};
/** One session's rows: the planner, with no statistics, would otherwise scan every session of the window. */
const SESSION_INDEX = { hour: 'rollup_hour_session', minute: 'rollup_minute_session' };

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #listeners = new Set<CommitListener>();
  #version = 0;
  readonly #names: NameCap;
  readonly #queue: Array<{
    events: readonly StoredEvent[];
    cursors: readonly FileCursor[];
    resolve: (result: IngestResult) => void;
    reject: (error: unknown) => void;
  }> = [];
  readonly #groupCommit: (write: () => void) => void;
  readonly #writeBatch: (events: readonly StoredEvent[], cursors: readonly FileCursor[]) => { result: IngestResult; kept: StoredEvent[] };
  readonly #stmts;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
    const db = new Database(options.path);
    this.#db = db;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    db.pragma('busy_timeout = 5000');
    migrate(db);

    const upsertRollup = (table: string) =>
      db.prepare(`INSERT INTO ${table} (bucket, dim, key, requests, input_tokens, output_tokens, cache_creation_tokens,
          cache_read_tokens, cost_usd, unpriced, calls, failed)
        VALUES (@bucket, @dim, @key, @requests, @inputTokens, @outputTokens, @cacheCreationTokens, @cacheReadTokens,
          @costUsd, @unpriced, @calls, @failed)
        ON CONFLICT (dim, bucket, key) DO UPDATE SET
          requests = requests + excluded.requests, input_tokens = input_tokens + excluded.input_tokens,
          output_tokens = output_tokens + excluded.output_tokens,
          cache_creation_tokens = cache_creation_tokens + excluded.cache_creation_tokens,
          cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, cost_usd = cost_usd + excluded.cost_usd,
          unpriced = unpriced + excluded.unpriced, calls = calls + excluded.calls, failed = failed + excluded.failed`);

    this.#stmts = {
      insertEvent: db.prepare('INSERT INTO events (ts, type, description, data) VALUES (?, ?, ?, ?)'),
      seeRequest: db.prepare('INSERT OR IGNORE INTO seen_requests (request_id) VALUES (?)'),
      upsertMinute: upsertRollup('rollup_minute'),
      upsertHour: upsertRollup('rollup_hour'),
      upsertTask: db.prepare(`INSERT INTO tasks (id, status, description, model, cost_usd, error, created_at, updated_at, started_at, ended_at)
        VALUES (@id, @status, @description, @model, @cost, @error, @ts, @ts,
          CASE WHEN @status = 'running' THEN @ts END, CASE WHEN @status IN ('completed', 'failed') THEN @ts END)
        ON CONFLICT (id) DO UPDATE SET
          status = CASE WHEN excluded.updated_at >= tasks.updated_at THEN excluded.status ELSE tasks.status END,
          description = COALESCE(excluded.description, tasks.description),
          model = COALESCE(excluded.model, tasks.model),
          cost_usd = COALESCE(excluded.cost_usd, tasks.cost_usd),
          error = COALESCE(excluded.error, tasks.error),
          created_at = MIN(tasks.created_at, excluded.created_at),
          updated_at = MAX(tasks.updated_at, excluded.updated_at),
          started_at = COALESCE(MIN(tasks.started_at, excluded.started_at), tasks.started_at, excluded.started_at),
          ended_at = COALESCE(MAX(tasks.ended_at, excluded.ended_at), tasks.ended_at, excluded.ended_at)`),
      insertEvents: db.prepare(
        `INSERT INTO events (ts, type, description, data) VALUES ${Array.from({ length: EVENT_ROWS_PER_INSERT }, () => '(?, ?, ?, ?)').join(', ')}`,
      ),
      upsertSession: db.prepare(`INSERT INTO sessions (id, project, model, first_seen, last_seen) VALUES (@id, @project, @model, @first, @last)
        ON CONFLICT (id) DO UPDATE SET
          project = COALESCE(sessions.project, excluded.project),
          model = CASE WHEN excluded.model IS NOT NULL AND @modelTs >= sessions.last_seen THEN excluded.model ELSE sessions.model END,
          first_seen = MIN(sessions.first_seen, excluded.first_seen),
          last_seen = MAX(sessions.last_seen, excluded.last_seen)`),
      totals: db.prepare(`SELECT key, ${SUMS} FROM (${windowRows('dim = @dim')}) GROUP BY key`),
      sessionCount: db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE last_seen >= @since'),
      recentSessions: db.prepare(`SELECT id AS sessionId, project, model, first_seen AS firstSeen, last_seen AS lastSeen
        FROM sessions WHERE last_seen >= @since ORDER BY last_seen DESC, id DESC LIMIT @limit`),
      sessionSums: db.prepare(`SELECT ${SUMS} FROM (${windowRows("dim = 's' AND key = @key", SESSION_INDEX)})`),
      seriesMinute: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM rollup_minute
        WHERE dim IN ('m', 't') AND bucket >= @since GROUP BY t, dim, key ORDER BY t`),
      seriesHour: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM (${windowRows("dim IN ('m', 't')")})
        GROUP BY t, dim, key ORDER BY t`),
      rangeMinute: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM rollup_minute
        WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @to GROUP BY t, dim, key ORDER BY t`),
      rangeHour: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM (
          SELECT * FROM rollup_hour WHERE dim IN ('m', 't') AND bucket >= @h0 AND bucket < @h1
          UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @from AND bucket < @a0
          UNION ALL SELECT * FROM rollup_minute WHERE dim IN ('m', 't') AND bucket >= @h1 AND bucket < @to)
        GROUP BY t, dim, key ORDER BY t`),
      activity: db.prepare('SELECT description, ts AS timestamp, type FROM events WHERE ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit'),
      taskCounts: db.prepare('SELECT status, COUNT(*) AS n FROM tasks WHERE updated_at >= @since GROUP BY status'),
      recentTasks: db.prepare(`SELECT ${TASK_COLUMNS} FROM tasks
        WHERE updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`),
      staleTasks: db.prepare(`SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND updated_at >= @since AND updated_at < @staleBefore`),
      apiErrors: db.prepare(`SELECT COALESCE(SUM(calls), 0) AS n FROM (${windowRows("dim = 'e'")})`),
      listTasks: db.prepare(`SELECT ${TASK_COLUMNS} FROM tasks
        WHERE (@status IS NULL OR status = @status) AND (@staleBefore IS NULL OR updated_at < @staleBefore)
        ORDER BY updated_at DESC, id LIMIT @limit`),
      getRequest: db.prepare('SELECT * FROM requests WHERE key = ?'),
      insertRequest: db.prepare(`INSERT INTO requests (key, event_id, ts, model, session_id, input_tokens, output_tokens,
          cache_creation_tokens, cache_read_tokens, cost_usd)
        VALUES (@key, @event_id, @ts, @model, @session_id, @input_tokens, @output_tokens, @cache_creation_tokens, @cache_read_tokens, @cost_usd)`),
      updateRequest: db.prepare(`UPDATE requests SET input_tokens = @inputTokens, output_tokens = @outputTokens,
          cache_creation_tokens = @cacheCreationTokens, cache_read_tokens = @cacheReadTokens, cost_usd = @costUsd WHERE key = @key`),
      updateEvent: db.prepare('UPDATE events SET description = ?, data = ? WHERE id = ?'),
      seeKey: db.prepare('INSERT OR IGNORE INTO seen_keys (key) VALUES (?)'),
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

    this.#names = new NameCap(db.prepare("SELECT DISTINCT dim, key FROM rollup_hour WHERE dim IN ('m', 't', 'e')").all() as Array<{ dim: Dim; key: string }>);
    this.#groupCommit = db.transaction((write: () => void) => write());
    // Inside #groupCommit this runs as a savepoint: a batch that throws is rolled back alone.
    this.#writeBatch = db.transaction((events: readonly StoredEvent[], cursors: readonly FileCursor[]): { result: IngestResult; kept: StoredEvent[] } => {
      const s = this.#stmts;
      const kept: StoredEvent[] = [];
      const deltas: RequestDelta[] = [];
      const sessions = new SessionFold();
      const rows: unknown[] = [];
      /** Writes the buffered event rows, many per statement; the rest one by one. */
      const flushRows = () => {
        const width = EVENT_ROWS_PER_INSERT * 4;
        let i = 0;
        for (; i + width <= rows.length; i += width) s.insertEvents.run(rows.slice(i, i + width));
        for (; i < rows.length; i += 4) s.insertEvent.run(rows.slice(i, i + 4));
        rows.length = 0;
      };
      let duplicates = 0;
      for (const e of events) {
        if (e.type === 'api_request' && e.requestId !== null) {
          if (e.mergeMax) {
            const old = s.getRequest.get(e.requestId) as RequestRow | undefined;
            if (old) {
              const delta = mergeRequest(old, e);
              if (delta === null) duplicates += 1;
              else {
                deltas.push(delta);
                s.updateRequest.run({ key: e.requestId, ...grown(old, e) });
                if (e.outputTokens >= old.output_tokens) s.updateEvent.run(e.description, JSON.stringify(e), old.event_id);
                if (e.sessionId !== null) sessions.add(e.sessionId, e.project, e.model, e.ts);
              }
              continue;
            }
          } else if (s.seeRequest.run(e.requestId).changes === 0) {
            duplicates += 1;
            continue;
          }
        }
        if (e.type === 'tool_call' && e.callId != null && s.seeKey.run(`tool:${e.callId}`).changes === 0) {
          duplicates += 1;
          continue;
        }
        if (e.type === 'api_error' && e.errorId !== null && s.seeKey.run(`error:${e.errorId}`).changes === 0) {
          duplicates += 1;
          continue;
        }
        kept.push(e);
        // The feed knows four kinds; an API error is shown as an activity line.
        const row = [e.ts, e.type === 'api_error' ? 'activity' : e.type, e.description, JSON.stringify(e)];
        if (e.type === 'api_request' && e.mergeMax && e.requestId !== null) {
          // Its row id is needed now: write what is buffered first, so ids stay in arrival order.
          flushRows();
          const eventId = Number(s.insertEvent.run(row).lastInsertRowid);
          s.insertRequest.run(requestRow({ ...e, requestId: e.requestId }, eventId));
        } else rows.push(...row);
        if (e.type === 'task') {
          s.upsertTask.run({ id: e.id, status: e.status, description: e.taskDescription, model: e.model, cost: e.costUsd, error: e.error, ts: e.ts });
        } else if ((e.type === 'api_request' || e.type === 'tool_call') && e.sessionId !== null) {
          sessions.add(e.sessionId, e.project, e.type === 'api_request' ? e.model : null, e.ts);
        }
      }
      flushRows();
      for (const row of sessions.rows()) s.upsertSession.run(row);
      for (const r of foldRollups(kept, MINUTE, deltas)) s.upsertMinute.run(this.#names.cap(r));
      for (const r of foldRollups(kept, HOUR, deltas)) s.upsertHour.run(this.#names.cap(r));
      for (const c of cursors) s.saveCursor.run({ source: c.source, path: c.path, ino: c.ino, offset: c.offset, contentKey: c.contentKey ?? null });
      return { result: deltas.length > 0 ? { stored: kept.length, duplicates, merged: deltas.length } : { stored: kept.length, duplicates }, kept };
    });
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
      this.#queue.push({ events, cursors: options.cursors ?? [], resolve, reject });
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
            outcomes.push({ ok: true, ...this.#writeBatch(p.events, p.cursors) });
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
    pending.forEach((p, i) => {
      const o = outcomes[i] as (typeof outcomes)[number];
      if (!o.ok) return p.reject(o.error);
      if (o.result.stored > 0 || (o.result.merged ?? 0) > 0) changed = true;
      for (const e of o.kept) committed.push(e);
      p.resolve(o.result);
    });
    if (changed) {
      this.#version += 1;
      for (const listener of this.#listeners) listener(committed, 'local');
    }
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
    const range = { since: q.since, ...windowHours(q.since, q.until) };

    const models = (s.totals.all({ ...range, dim: 'm' }) as Array<SumRow & { key: string }>).map((row) => toModel(row.key, row));
    const tools = (s.totals.all({ ...range, dim: 't' }) as Array<SumRow & { key: string }>).map(
      (row): ToolTotals => ({ tool: row.key, calls: row.calls, failed: row.failed }),
    );

    // The most recently active sessions (a session is in the window exactly when its last event is),
    // then each one's sums over the window through the per-session index.
    const recent = s.recentSessions.all({ since: q.since, limit: q.sessionLimit }) as Array<Omit<SessionTotals, keyof SumRow | 'toolCalls'>>;
    const sessions = recent.map((r): SessionTotals => {
      const sums = s.sessionSums.get({ ...range, key: r.sessionId }) as SumRow;
      return {
        ...r,
        requests: sums.requests ?? 0,
        inputTokens: sums.inputTokens ?? 0,
        outputTokens: sums.outputTokens ?? 0,
        cacheCreationTokens: sums.cacheCreationTokens ?? 0,
        cacheReadTokens: sums.cacheReadTokens ?? 0,
        costUsd: sums.costUsd ?? 0,
        toolCalls: sums.calls ?? 0,
      };
    });

    const seriesStmt = q.bucketSeconds % HOUR === 0 ? s.seriesHour : s.seriesMinute;
    const series = toSeries(seriesStmt.all({ ...range, bs: q.bucketSeconds }) as Array<SumRow & { t: number; dim: string; key: string }>);

    const taskCounts: Record<TaskStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0 };
    for (const row of s.taskCounts.all({ since: q.since }) as Array<{ status: TaskStatus; n: number }>) taskCounts[row.status] = row.n;

    return {
      models,
      tools,
      sessionCount: (s.sessionCount.get({ since: q.since }) as { n: number }).n,
      sessions,
      series,
      activity: s.activity.all({ since: q.since, limit: q.activityLimit }) as ActivityItem[],
      taskCounts,
      recentTasks: (s.recentTasks.all({ since: q.since, limit: q.taskLimit }) as TaskSummary[]).map((t) =>
        q.staleBefore === undefined ? t : withStale(t, q.staleBefore),
      ),
      staleTasks: q.staleBefore === undefined ? 0 : (s.staleTasks.get({ since: q.since, staleBefore: q.staleBefore }) as { n: number }).n,
      apiErrors: (s.apiErrors.get(range) as { n: number }).n,
    };
  }

  async readSeries(from: number, to: number, bucketSeconds: number): Promise<WindowData['series']> {
    const s = this.#stmts;
    const { h0, h1 } = windowHours(from, to);
    const rows = (
      bucketSeconds % HOUR === 0
        ? s.rangeHour.all({ from, to, h0, h1, a0: Math.min(h0, to), bs: bucketSeconds })
        : s.rangeMinute.all({ from, to, bs: bucketSeconds })
    ) as Array<SumRow & { t: number; dim: string; key: string }>;
    return toSeries(rows);
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

/** Event rows written by one multi-row INSERT. */
const EVENT_ROWS_PER_INSERT = 50;

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (let i = current; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

export type { RollupRow };
