import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import type { AlertStore } from './alert-store.js';
import type { StoredEvent } from './event.js';
import type { LiveChange, LiveList, LiveQuery, LiveWrite } from './live.js';
import type { LimitsData, LimitsWrite, UsagePoint } from './limits.js';
import type { SessionListPage, SessionListQuery, SessionRead, SessionReadQuery } from './session-reads.js';
import type { TaskLinks, TaskRead } from './task-sessions.js';

/** Tokens and cost of a set of API requests. */
export interface UsageTotals {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Sum of the priced requests' costs. */
  costUsd: number;
}

/** Usage of one model over a window (or one series bucket). */
export interface ModelTotals extends UsageTotals {
  model: string;
  /** The part of output tokens spent on reasoning. */
  reasoningTokens: number;
  /** Requests of this model that carry no cost (no price row matched). */
  unpricedRequests: number;
}

export interface ToolTotals {
  tool: string;
  calls: number;
  failed: number;
}

export interface SessionTotals extends UsageTotals {
  sessionId: string;
  agent: string;
  machine: string;
  project: string | null;
  model: string | null;
  toolCalls: number;
  firstSeen: number;
  lastSeen: number;
}

/** One agent's or one machine's figures over a window (see WindowData.agents). */
export interface ScopeTotals extends UsageTotals {
  name: string;
  reasoningTokens: number;
  unpricedRequests: number;
  toolCalls: number;
  failedToolCalls: number;
  sessions: number;
  /** Its latest event of any kind (Unix seconds). */
  lastSeen: number;
}

/** A window's filter: one agent and/or one machine (absent: all). */
export interface ScopeFilter {
  agent?: string | undefined;
  machine?: string | undefined;
}

export interface WindowQuery extends ScopeFilter {
  /** Window start, Unix seconds, aligned to a minute. Events at or after it are in the window. */
  since: number;
  /** Window end (now), Unix seconds. */
  until: number;
  /** Width of a series bucket in seconds: a multiple of 60 that divides 3600, or a multiple of 3600. */
  bucketSeconds: number;
  activityLimit: number;
  sessionLimit: number;
  taskLimit: number;
  /** Running tasks last updated before this (Unix seconds) are stale. Default: none is. */
  staleBefore?: number;
}

/** A project's cost in a window (`project` null: sessions that name none). */
export interface ProjectCost {
  project: string | null;
  costUsd: number;
}

/** Everything a snapshot is made of, read in one consistent pass. */
export interface WindowData {
  models: ModelTotals[];
  tools: ToolTotals[];
  sessionCount: number;
  /** The `sessionLimit` most recently active sessions. */
  sessions: SessionTotals[];
  series: {
    models: Array<ModelTotals & { t: number }>;
    tools: Array<{ t: number; calls: number }>;
  };
  activity: ActivityItem[];
  taskCounts: Record<TaskStatus, number>;
  recentTasks: TaskSummary[];
  /** Running tasks of the window last updated before `staleBefore`. */
  staleTasks?: number;
  /** API errors of the window. */
  apiErrors?: number;
  /** Each agent heard from in the window (under the filter), by name. */
  agents?: ScopeTotals[];
  /** Each machine heard from in the window (under the filter), by name. */
  machines?: ScopeTotals[];
}

/** How far a source has read one file. */
export interface FileCursor {
  source: string;
  path: string;
  /** Identity of the file read (device and inode); another identity means the file was replaced. */
  ino: string;
  /** Bytes consumed (always at a line end). */
  offset: number;
  /** What the first bytes read hash to (see sources/follow/identity.ts): how a file copied to a new path is known. */
  contentKey?: string;
}

export interface IngestOptions {
  /** File positions to commit in the same transaction as the events. */
  cursors?: readonly FileCursor[];
  /** A change of live session state to write in the same transaction (hooks, sources that know a session's state). */
  live?: LiveWrite | readonly LiveWrite[];
}

export interface TaskListQuery {
  status?: TaskStatus | 'stale';
  limit: number;
  /** Running tasks last updated before this (Unix seconds) are stale. */
  staleBefore: number;
}

export interface IngestResult {
  /** Events written. */
  stored: number;
  /** API requests (and tool calls or errors with an id) skipped because their id was seen before. */
  duplicates: number;
  /** Repeats of `mergeMax` requests that raised a total (counted in neither of the above). */
  merged?: number;
  /** Live session rows the batch's `live` write changed. */
  live?: LiveChange[];
}

/** Where a commit happened: in this process, or on another node sharing the database (events unknown, empty). */
export type CommitOrigin = 'local' | 'remote';

/** `live`: the live session rows the commit changed (local commits only; none for a remote one). */
export type CommitListener = (events: readonly StoredEvent[], origin: CommitOrigin, live: readonly LiveChange[]) => void;

/**
 * The store the server depends on. SQLite is the embedded implementation;
 * PostgreSQL stands behind the same interface for clusters (several nodes on one database).
 */
export interface Store {
  /** Writes a batch atomically: when the promise resolves, every event is committed; when it rejects, none is. */
  ingest(events: readonly StoredEvent[], options?: IngestOptions): Promise<IngestResult>;
  readWindow(query: WindowQuery): Promise<WindowData>;
  /** Series rows between `from` (inclusive) and `to` (exclusive), both whole minutes, in buckets of `bucketSeconds` (see WindowQuery). */
  readSeries(from: number, to: number, bucketSeconds: number, filter?: ScopeFilter): Promise<WindowData['series']>;
  /** The cost since `since` (a whole minute) until `until`, per session project, all agents and machines (optional: the alerts' per-project budgets read the sessions without it). */
  readProjectCosts?(since: number, until: number): Promise<ProjectCost[]>;
  /** Saved file positions of a source (optional: only stores that back file-following sources need it). */
  readCursors?(source: string): Promise<FileCursor[]>;
  /** Tasks, most recently updated first (optional: `GET /api/tasks` answers 501 without it). */
  listTasks?(query: TaskListQuery): Promise<TaskSummary[]>;
  /** Live sessions (see store/live.ts); optional: the snapshot has no `live` section without it. */
  readLive?(query: LiveQuery): Promise<LiveList>;
  /**
   * Records limit reports (each kept only when newer than the one stored for its agent, window and
   * machine) and status-line sessions, in one transaction; a commit like any other (version, onCommit
   * with no events). Optional: the limits API answers 501 without it.
   */
  recordLimits?(write: LimitsWrite): Promise<void>;
  /** The limit reports and status-line sessions kept. */
  readLimits?(): Promise<LimitsData>;
  /** API requests at or after `since` (Unix seconds), oldest first, as 5-hour blocks count them (from the events kept). */
  readUsage?(since: number): Promise<UsagePoint[]>;
  /** Sessions under filters with their totals, keyset-paged (the sessions API; optional: it answers 501 without it). */
  listSessions?(query: SessionListQuery): Promise<SessionListPage>;
  /** One session's page (requests, tools, errors, timeline); null for an unknown session. */
  readSession?(query: SessionReadQuery): Promise<SessionRead | null>;
  /** One task with its linked sessions' figures (`GET /api/tasks/:id`; optional: it answers 501 without it); null for an unknown task. */
  readTask?(id: string): Promise<TaskRead | null>;
  /** The linked sessions and measured cost of each of the tasks `ids` that has links (the snapshot's recent tasks). */
  readTaskLinks?(ids: readonly string[]): Promise<Map<string, TaskLinks>>;
  /** Increases with every commit that changed data (here, or on another node sharing the database). */
  readonly version: number;
  /**
   * Called after each commit that changed data, with the events it stored (new ones, not merged
   * repeats) and origin 'local'. A store shared by several nodes also calls it with no events and
   * origin 'remote' when another node committed (several such commits may make one call), or when
   * it may have missed such notices (its change feed reconnected). Returns an unsubscribe function.
   */
  onCommit(listener: CommitListener): () => void;
  /** Null while healthy, else why not (optional: embedded stores have nothing to report). */
  status?(): string | null;
  /**
   * Takes or renews the lease `name` for `holder` for `ttlSeconds`: true when `holder` now holds it
   * (it was free, expired, or already held by `holder`), false while another holder's lease runs.
   * Used so that one node at a time reads a given source (optional: single-node stores may omit it).
   */
  acquireLease?(name: string, holder: string, ttlSeconds: number): Promise<boolean>;
  /** Gives the lease up if `holder` holds it. */
  releaseLease?(name: string, holder: string): Promise<void>;
  /** The active alerts and the outbox of their notices (optional: alerts are off without it). See alert-store.ts. */
  readonly alerts?: AlertStore;
  close(): Promise<void>;
}
