import type { ActivityItem, TaskStatus, TaskSummary } from '@amiga/protocol';
import type { StoredEvent } from '../ingest/normalize.js';

/** Usage of one model over a window (or one series bucket). */
export interface ModelTotals {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  /** Sum of the priced requests' costs. */
  costUsd: number;
  /** Requests of this model that carry no cost (no price row matched). */
  unpricedRequests: number;
}

export interface ToolTotals {
  tool: string;
  calls: number;
  failed: number;
}

export interface SessionTotals {
  sessionId: string;
  project: string | null;
  model: string | null;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
  toolCalls: number;
  firstSeen: number;
  lastSeen: number;
}

export interface WindowQuery {
  /** Window start, Unix seconds, aligned to a minute. Events at or after it are in the window. */
  since: number;
  /** Window end (now), Unix seconds. */
  until: number;
  /** Width of a series bucket in seconds: a multiple of 60 that divides 3600, or a multiple of 3600. */
  bucketSeconds: number;
  activityLimit: number;
  sessionLimit: number;
  taskLimit: number;
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
}

export interface IngestResult {
  /** Events written. */
  stored: number;
  /** API requests skipped because their request id was seen before. */
  duplicates: number;
}

/**
 * The store the server depends on. SQLite is the embedded implementation; a
 * PostgreSQL one can stand behind the same interface for clusters.
 */
export interface Store {
  /** Writes a batch atomically: when the promise resolves, every event is committed; when it rejects, none is. */
  ingest(events: readonly StoredEvent[]): Promise<IngestResult>;
  readWindow(query: WindowQuery): Promise<WindowData>;
  /** Increases with every commit that changed data. */
  readonly version: number;
  /** Called after each commit that changed data. Returns an unsubscribe function. */
  onCommit(listener: () => void): () => void;
  close(): Promise<void>;
}
