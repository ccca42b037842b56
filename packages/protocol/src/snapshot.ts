import { z } from 'zod';
import { unixSeconds } from './common.js';
import { live } from './live.js';
import { agentBlocks, limitEntry } from './plan-limits.js';
import { modelUsage } from './usage.js';

const count = z.number().int().nonnegative();
const usd = z.number().finite();
const countMap = z.record(z.string(), count);

export const taskStatus = z.enum(['pending', 'running', 'completed', 'failed']);
export type TaskStatus = z.infer<typeof taskStatus>;

export const taskCounts = z.object({
  total: count,
  running: count,
  completed: count,
  failed: count,
  /** Added: tasks whose latest status is `pending`. */
  pending: count,
  /** Added: running tasks with no update for longer than the stale threshold (counted in `running` too). */
  stale: count,
});

export const modelFamily = z.enum(['haiku', 'sonnet', 'opus', 'other']);
export type ModelFamily = z.infer<typeof modelFamily>;

export const costs = z.object({
  total_cost: usd,
  haiku_cost: usd,
  sonnet_cost: usd,
  /** Added to the v1 format. */
  opus_cost: usd,
  /** Added: cost of models of no known family. */
  other_cost: usd,
  /** Added: cost per model id. */
  by_model: z.record(z.string(), usd),
  /** Added: models seen in the window that no price row matches (their cost is not in the totals). */
  unpriced_models: z.array(z.string()),
  /** Added: cost per model provider, from the model id (`claude-*` anthropic, `gpt-*`/`o1`… openai, `gemini-*` google). */
  by_provider: z.object({ anthropic: usd, openai: usd, google: usd, other: usd }).optional(),
});

export { modelUsage, type ModelUsage } from './usage.js';

export const claudeApi = z.object({
  total_requests: count,
  total_input_tokens: count,
  total_output_tokens: count,
  /** Added: cache writes and reads. */
  total_cache_creation_tokens: count,
  total_cache_read_tokens: count,
  by_model: z.record(z.string(), modelUsage),
  /** Added: API errors reported by the sources (e.g. OTLP `claude_code.api_error`); not counted as requests. */
  errors: count.optional(),
});

export const tools = z.object({
  total_calls: count,
  by_type: countMap,
  /** Added: tool calls reported as unsuccessful. */
  failed_calls: count,
});

/**
 * One agent's figures over the window. Tokens in one vocabulary for every agent: `input_tokens`
 * never includes cache reads, `output_tokens` includes reasoning, `reasoning_tokens` is that part of output.
 */
export const agentUsage = modelUsage.extend({
  reasoning_tokens: count,
  unpriced_requests: count,
  tool_calls: count,
  failed_tool_calls: count,
  sessions: count,
});
export type AgentUsage = z.infer<typeof agentUsage>;

/** One machine's figures over the window; `last_seen`: its latest event (of any kind). */
export const machineUsage = modelUsage.extend({ tool_calls: count, sessions: count, last_seen: unixSeconds });
export type MachineUsage = z.infer<typeof machineUsage>;

export const overview = z.object({
  tasks: taskCounts,
  costs,
  claude_api: claudeApi,
  tools,
  /** Added: figures per agent heard from in the window (under a filter, only the agents it keeps). */
  agents: z.record(z.string(), agentUsage).optional(),
  /** Added: figures per machine heard from in the window (under a filter, only the machines it keeps). */
  machines: z.record(z.string(), machineUsage).optional(),
});
export type Overview = z.infer<typeof overview>;

export const sessionSummary = z.object({
  session_id: z.string(),
  project: z.string().nullable(),
  /** The model the session used most recently. */
  model: z.string().nullable(),
  requests: count,
  input_tokens: count,
  output_tokens: count,
  cache_creation_tokens: count,
  cache_read_tokens: count,
  cost_usd: usd,
  tool_calls: count,
  first_seen: unixSeconds,
  last_seen: unixSeconds,
  /** Added: the agent of the session (`claude-code`, `codex`, `gemini-cli`, …). */
  agent: z.string().optional(),
  /** Added: the machine the session ran on. */
  machine: z.string().optional(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

export const sessions = z.object({
  total_sessions: count,
  total_tools: count,
  tools_by_type: countMap,
  /** Added: the most recently active sessions of the window (at most SESSION_LIST_LIMIT). */
  list: z.array(sessionSummary),
});

export const activityItem = z.object({
  description: z.string(),
  timestamp: unixSeconds,
  /** Added: which kind of event this line describes. */
  type: z.enum(['task', 'api_request', 'tool_call', 'activity']),
});
export type ActivityItem = z.infer<typeof activityItem>;

export const seriesPoint = z.object({
  /** Start of the bucket (Unix seconds). */
  t: unixSeconds,
  cost: z.object({ haiku: usd, sonnet: usd, opus: usd, other: usd }),
  tokens: z.object({ input: count, output: count, cache_creation: count, cache_read: count }),
  requests: count,
  tool_calls: count,
  /** Added: the bucket's cost per model provider, as in `costs.by_provider`. */
  cost_by_provider: z.object({ anthropic: usd, openai: usd, google: usd, other: usd }).optional(),
});
export type SeriesPoint = z.infer<typeof seriesPoint>;

export const series = z.object({
  /** Width of each bucket in seconds (chosen from the window so a chart gets 48 to 96 points). */
  bucket_seconds: z.number().int().positive(),
  /** The buckets of the window that hold data, oldest first (empty buckets are left out). */
  points: z.array(seriesPoint),
});
export type Series = z.infer<typeof series>;

export const taskSummary = z.object({
  id: z.string(),
  status: taskStatus,
  description: z.string().nullable(),
  model: z.string().nullable(),
  cost_usd: usd.nullable(),
  created_at: unixSeconds,
  updated_at: unixSeconds,
  /** Added: when the task first ran, and when it completed or failed. */
  started_at: unixSeconds.nullable().optional(),
  ended_at: unixSeconds.nullable().optional(),
  /** Added: why the task failed. */
  error: z.string().nullable().optional(),
  /** Added: running with no update for longer than the stale threshold. */
  stale: z.boolean().optional(),
  /** Added (snapshot): the cost measured over the task's linked sessions; null when none is linked. */
  measured_cost_usd: usd.nullable().optional(),
  /** Added (snapshot): the sessions linked to the task (see task-sessions.ts). */
  session_ids: z.array(z.string()).optional(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

/**
 * The `metrics_update` payload: the v1 message format of the original Flask-SocketIO monitor, field for field, plus
 * additive fields. Also the body of `GET /api/metrics/snapshot` and of each SSE event.
 */
export const metricsSnapshot = z.object({
  overview,
  sessions,
  activity: z.array(activityItem),
  /** Added: time series for charts. */
  series,
  /** Added: the most recently updated tasks of the window. */
  recent_tasks: z.array(taskSummary),
  /**
   * Added: the window this snapshot covers; `since` is the window start rounded down to the minute;
   * `agent` / `machine`: the filter it was computed with, when there is one.
   */
  window: z.object({ hours: z.number().int(), since: unixSeconds, agent: z.string().optional(), machine: z.string().optional() }),
  /** Added: the data sources feeding this server (`ingest` always; `demo` means the data is simulated). */
  sources: z.array(z.string()),
  /** Added: plan limits, the newest report per agent, window and machine (see plan-limits.ts). */
  limits: z.array(limitEntry).optional(),
  /** Added: 5-hour blocks of each agent's requests, by agent. */
  blocks: z.record(z.string(), agentBlocks).optional(),
  /** When the snapshot was computed. */
  timestamp: unixSeconds,
  /** Added: live session state (hooks), which sessions are working, need input, idle, stale or ended (absent on servers without it). */
  live: live.optional(),
  /** Added, only for clients that subscribed with `delta: true`: the version later `metrics_delta`s build on. */
  seq: z.number().int().nonnegative().optional(),
});
export type MetricsSnapshot = z.infer<typeof metricsSnapshot>;

/** `GET /api/tasks` query: `status` filters by latest status (or `stale`), `limit` caps the list (1..500, default 100). */
export const tasksQuery = z.object({
  status: z.enum([...taskStatus.options, 'stale']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type TasksQuery = z.infer<typeof tasksQuery>;

/** The body of `GET /api/tasks`: most recently updated first. */
export const tasksList = z.object({ tasks: z.array(taskSummary) });
export type TasksList = z.infer<typeof tasksList>;
