import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import type { StoredEvent } from '../../ingest/normalize.js';
import { foldRollups, HOUR, MINUTE, type RollupRow } from '../rollup.js';
import type { IngestResult, ModelTotals, SessionTotals, Store, ToolTotals, WindowData, WindowQuery } from '../store.js';
import { MIGRATIONS } from './schema.js';

export interface SqliteStoreOptions {
  /** File path or `:memory:`. The folder is created when missing. */
  path: string;
  /** `FULL` (default) makes every commit durable against power loss; `NORMAL` only against a process crash. */
  synchronous?: 'FULL' | 'NORMAL';
}

const SUMS = `SUM(requests) AS requests, SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
  SUM(cache_creation_tokens) AS cacheCreationTokens, SUM(cache_read_tokens) AS cacheReadTokens,
  SUM(cost_usd) AS costUsd, SUM(unpriced) AS unpriced, SUM(calls) AS calls, SUM(failed) AS failed`;

/**
 * Rows of the window [since, ∞): whole hours from the hourly rollup, the ragged
 * edges (before the first whole hour, and the current hour) from the minute rollup.
 */
const WINDOW_ROWS = `
  SELECT * FROM rollup_hour WHERE bucket >= @h0 AND bucket < @h1
  UNION ALL SELECT * FROM rollup_minute WHERE bucket >= @since AND bucket < @h0
  UNION ALL SELECT * FROM rollup_minute WHERE bucket >= @h1`;

interface SumRow {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  unpriced: number;
  calls: number;
  failed: number;
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #listeners = new Set<() => void>();
  #version = 0;
  readonly #writeBatch: (events: readonly StoredEvent[]) => IngestResult;
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
        ON CONFLICT (bucket, dim, key) DO UPDATE SET
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
      upsertSession: db.prepare(`INSERT INTO sessions (id, project, model, first_seen, last_seen) VALUES (@id, @project, @model, @ts, @ts)
        ON CONFLICT (id) DO UPDATE SET
          project = COALESCE(sessions.project, excluded.project),
          model = CASE WHEN excluded.model IS NOT NULL AND excluded.last_seen >= sessions.last_seen THEN excluded.model ELSE sessions.model END,
          first_seen = MIN(sessions.first_seen, excluded.first_seen),
          last_seen = MAX(sessions.last_seen, excluded.last_seen)`),
      totals: db.prepare(`SELECT dim, key, ${SUMS} FROM (${WINDOW_ROWS}) WHERE dim IN ('m', 't') GROUP BY dim, key`),
      sessionCount: db.prepare(`SELECT COUNT(DISTINCT key) AS n FROM (${WINDOW_ROWS}) WHERE dim = 's'`),
      sessions: db.prepare(`SELECT r.key AS sessionId, s.project, s.model, s.first_seen AS firstSeen, s.last_seen AS lastSeen, ${SUMS}
        FROM (${WINDOW_ROWS}) r JOIN sessions s ON s.id = r.key WHERE r.dim = 's'
        GROUP BY r.key ORDER BY s.last_seen DESC, r.key LIMIT @limit`),
      seriesMinute: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM rollup_minute
        WHERE bucket >= @since AND dim IN ('m', 't') GROUP BY t, dim, key ORDER BY t`),
      seriesHour: db.prepare(`SELECT (bucket / CAST(@bs AS INTEGER)) * CAST(@bs AS INTEGER) AS t, dim, key, ${SUMS} FROM (${WINDOW_ROWS})
        WHERE dim IN ('m', 't') GROUP BY t, dim, key ORDER BY t`),
      activity: db.prepare('SELECT description, ts AS timestamp, type FROM events WHERE ts >= @since ORDER BY ts DESC, id DESC LIMIT @limit'),
      taskCounts: db.prepare('SELECT status, COUNT(*) AS n FROM tasks WHERE updated_at >= @since GROUP BY status'),
      recentTasks: db.prepare(`SELECT id, status, description, model, cost_usd, created_at, updated_at FROM tasks
        WHERE updated_at >= @since ORDER BY updated_at DESC, id LIMIT @limit`),
    };

    this.#writeBatch = db.transaction((events: readonly StoredEvent[]): IngestResult => {
      const s = this.#stmts;
      const kept: StoredEvent[] = [];
      let duplicates = 0;
      for (const e of events) {
        if (e.type === 'api_request' && e.requestId !== null && s.seeRequest.run(e.requestId).changes === 0) {
          duplicates += 1;
          continue;
        }
        kept.push(e);
        s.insertEvent.run(e.ts, e.type, e.description, JSON.stringify(e));
        if (e.type === 'task') {
          s.upsertTask.run({ id: e.id, status: e.status, description: e.taskDescription, model: e.model, cost: e.costUsd, error: e.error, ts: e.ts });
        } else if ((e.type === 'api_request' || e.type === 'tool_call') && e.sessionId !== null) {
          s.upsertSession.run({ id: e.sessionId, project: e.project, model: e.type === 'api_request' ? e.model : null, ts: e.ts });
        }
      }
      for (const r of foldRollups(kept, MINUTE)) s.upsertMinute.run(r);
      for (const r of foldRollups(kept, HOUR)) s.upsertHour.run(r);
      return { stored: kept.length, duplicates };
    });
  }

  get version(): number {
    return this.#version;
  }

  async ingest(events: readonly StoredEvent[]): Promise<IngestResult> {
    const result = this.#writeBatch(events);
    if (result.stored > 0) {
      this.#version += 1;
      for (const listener of this.#listeners) listener();
    }
    return result;
  }

  async readWindow(q: WindowQuery): Promise<WindowData> {
    return this.#db.transaction(() => this.#read(q))();
  }

  #read(q: WindowQuery): WindowData {
    const s = this.#stmts;
    const h0 = Math.ceil(q.since / HOUR) * HOUR;
    const h1 = Math.max(h0, Math.floor(q.until / HOUR) * HOUR);
    const range = { since: q.since, h0, h1 };

    const models: ModelTotals[] = [];
    const tools: ToolTotals[] = [];
    for (const row of s.totals.all(range) as Array<SumRow & { dim: string; key: string }>) {
      if (row.dim === 'm') models.push(toModel(row.key, row));
      else tools.push({ tool: row.key, calls: row.calls, failed: row.failed });
    }

    const sessions = (s.sessions.all({ ...range, limit: q.sessionLimit }) as Array<SumRow & Omit<SessionTotals, 'toolCalls'>>).map(
      (r): SessionTotals => ({
        sessionId: r.sessionId,
        project: r.project,
        model: r.model,
        requests: r.requests,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        cacheCreationTokens: r.cacheCreationTokens,
        cacheReadTokens: r.cacheReadTokens,
        costUsd: r.costUsd,
        toolCalls: r.calls,
        firstSeen: r.firstSeen,
        lastSeen: r.lastSeen,
      }),
    );

    const seriesStmt = q.bucketSeconds % HOUR === 0 ? s.seriesHour : s.seriesMinute;
    const seriesModels: WindowData['series']['models'] = [];
    const seriesTools: WindowData['series']['tools'] = [];
    for (const row of seriesStmt.all({ ...range, bs: q.bucketSeconds }) as Array<SumRow & { t: number; dim: string; key: string }>) {
      if (row.dim === 'm') seriesModels.push({ t: row.t, ...toModel(row.key, row) });
      else seriesTools.push({ t: row.t, calls: row.calls });
    }

    const taskCounts: Record<TaskStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0 };
    for (const row of s.taskCounts.all({ since: q.since }) as Array<{ status: TaskStatus; n: number }>) taskCounts[row.status] = row.n;

    return {
      models,
      tools,
      sessionCount: (s.sessionCount.get(range) as { n: number }).n,
      sessions,
      series: { models: seriesModels, tools: seriesTools },
      activity: s.activity.all({ since: q.since, limit: q.activityLimit }) as ActivityItem[],
      taskCounts,
      recentTasks: s.recentTasks.all({ since: q.since, limit: q.taskLimit }) as TaskSummary[],
    };
  }

  onCommit(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#listeners.clear();
    if (this.#db.open) this.#db.close();
  }
}

function toModel(model: string, r: SumRow): ModelTotals {
  return {
    model,
    requests: r.requests,
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    cacheCreationTokens: r.cacheCreationTokens,
    cacheReadTokens: r.cacheReadTokens,
    costUsd: r.costUsd,
    unpricedRequests: r.unpriced,
  };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    for (let i = current; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

export type { RollupRow };
