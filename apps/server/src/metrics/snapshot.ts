import {
  ACTIVITY_LIMIT,
  OTHER_KEY,
  RECENT_TASKS_LIMIT,
  SESSION_LIST_LIMIT,
  SNAPSHOT_KEYS_LIMIT,
  type AgentUsage,
  type MachineUsage,
  type MetricsSnapshot,
  type ModelFamily,
  type Scope,
  type ModelUsage,
  type LimitsSection,
  type SeriesPoint,
} from '@amiga/protocol';
import { readLiveSection } from '../live/live-sessions.js';
import type { ModelTotals, ScopeTotals, Store, ToolTotals, UsageTotals, WindowData } from '../store/store.js';
import { addUsage } from '../store/usage-totals.js';
import { parseModelId } from './model-id.js';
import { withTaskLinks } from './task-links.js';
import { providerOf, type Provider } from './provider.js';
import { bucketSecondsFor, windowStart } from './window.js';

/** Rounds a USD amount to a millionth of a dollar, so float noise never looks like a change. */
export const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

export interface SnapshotContext {
  store: Store;
  /** Names of the data sources feeding the server (besides the ingest API). */
  sources: readonly string[];
  /** A running task with no update for this many minutes is stale. Default 60. */
  staleTaskMinutes?: number;
  /** Plan limits and 5-hour blocks (limits/usage-tracker.ts); without it the snapshot has neither field. */
  limits?: { section(now: number): Promise<LimitsSection> };
}

/**
 * Computes the snapshot of the last `hours` hours, ending at `now` (Unix seconds), of the
 * events `scope` keeps (one agent and/or one machine; all by default).
 */
export async function computeSnapshot(
  { store, sources, staleTaskMinutes = 60, limits }: SnapshotContext,
  hours: number,
  now: number,
  scope: Scope = {},
): Promise<MetricsSnapshot> {
  const since = windowStart(hours, now);
  const bucketSeconds = bucketSecondsFor(hours);
  const [data, live] = await Promise.all([store.readWindow({
    ...scope,
    since,
    until: now,
    bucketSeconds,
    activityLimit: ACTIVITY_LIMIT,
    sessionLimit: SESSION_LIST_LIMIT,
    taskLimit: RECENT_TASKS_LIMIT,
    staleBefore: now - staleTaskMinutes * 60,
  }), readLiveSection(store, now)]);
  const recentTasks = await withTaskLinks(store, data.recentTasks);
  const built = buildSnapshot({ ...data, recentTasks }, { hours, since, now, bucketSeconds, sources, scope });
  const snapshot = live === undefined ? built : { ...built, live };
  if (!limits) return snapshot;
  const section = await limits.section(now);
  return { ...snapshot, limits: section.limits, blocks: section.blocks };
}

interface BuildOptions {
  /** The filter the window was read with (echoed in `window`). */
  scope?: Scope;
  hours: number;
  since: number;
  now: number;
  bucketSeconds: number;
  sources: readonly string[];
}

/** Shapes the store's window data into the wire snapshot. Pure: same data, same snapshot. */
export function buildSnapshot(data: WindowData, o: BuildOptions): MetricsSnapshot {
  const byFamily: Record<ModelFamily, number> = { haiku: 0, sonnet: 0, opus: 0, other: 0 };
  const byProvider: Record<Provider, number> = { anthropic: 0, openai: 0, google: 0, other: 0 };
  const costByModel: Record<string, number> = {};
  const usageByModel: Record<string, ModelUsage> = {};
  const unpriced: string[] = [];
  const api = emptyModel('');
  for (const m of data.models) {
    byFamily[familyOf(m.model)] += m.costUsd;
    byProvider[providerOf(m.model)] += m.costUsd;
    addModel(api, m);
  }
  for (const m of sortByKey(capModels(data.models), (m) => m.model)) {
    costByModel[m.model] = roundUsd(m.costUsd);
    usageByModel[m.model] = toUsage(m);
    if (m.unpricedRequests > 0) unpriced.push(m.model);
  }

  const toolsByType: Record<string, number> = {};
  let totalCalls = 0;
  let failedCalls = 0;
  for (const t of data.tools) {
    totalCalls += t.calls;
    failedCalls += t.failed;
  }
  for (const t of sortByKey(capTools(data.tools), (t) => t.tool)) toolsByType[t.tool] = t.calls;

  const tc = data.taskCounts;
  return {
    overview: {
      tasks: {
        total: tc.pending + tc.running + tc.completed + tc.failed,
        running: tc.running,
        completed: tc.completed,
        failed: tc.failed,
        pending: tc.pending,
        stale: data.staleTasks ?? 0,
      },
      costs: {
        total_cost: roundUsd(api.costUsd),
        haiku_cost: roundUsd(byFamily.haiku),
        sonnet_cost: roundUsd(byFamily.sonnet),
        opus_cost: roundUsd(byFamily.opus),
        other_cost: roundUsd(byFamily.other),
        by_model: costByModel,
        unpriced_models: unpriced,
        by_provider: roundProviders(byProvider),
      },
      claude_api: {
        total_requests: api.requests,
        total_input_tokens: api.inputTokens,
        total_output_tokens: api.outputTokens,
        total_cache_creation_tokens: api.cacheCreationTokens,
        total_cache_read_tokens: api.cacheReadTokens,
        by_model: usageByModel,
        errors: data.apiErrors ?? 0,
      },
      tools: { total_calls: totalCalls, by_type: toolsByType, failed_calls: failedCalls },
      agents: byName(data.agents ?? [], toAgentUsage),
      machines: byName(data.machines ?? [], toMachineUsage),
    },
    sessions: {
      total_sessions: data.sessionCount,
      total_tools: totalCalls,
      tools_by_type: toolsByType,
      list: data.sessions.map((s) => ({
        session_id: s.sessionId,
        project: s.project,
        model: s.model,
        requests: s.requests,
        input_tokens: s.inputTokens,
        output_tokens: s.outputTokens,
        cache_creation_tokens: s.cacheCreationTokens,
        cache_read_tokens: s.cacheReadTokens,
        cost_usd: roundUsd(s.costUsd),
        tool_calls: s.toolCalls,
        first_seen: s.firstSeen,
        last_seen: s.lastSeen,
        agent: s.agent,
        machine: s.machine,
      })),
    },
    activity: data.activity,
    series: { bucket_seconds: o.bucketSeconds, points: buildSeries(data.series) },
    recent_tasks: data.recentTasks.map((t) => ({ ...t, cost_usd: t.cost_usd === null ? null : roundUsd(t.cost_usd) })),
    window: { hours: o.hours, since: o.since, ...(o.scope?.agent ? { agent: o.scope.agent } : {}), ...(o.scope?.machine ? { machine: o.scope.machine } : {}) },
    sources: ['ingest', ...o.sources],
    timestamp: o.now,
  };
}

/** Series rows (per model and tool) as sparse chart points with per-family cost. */
export function buildSeries(series: WindowData['series']): SeriesPoint[] {
  const points = new Map<number, SeriesPoint>();
  const point = (t: number): SeriesPoint => {
    let p = points.get(t);
    if (!p) {
      p = {
        t,
        cost: { haiku: 0, sonnet: 0, opus: 0, other: 0 },
        tokens: { input: 0, output: 0, cache_creation: 0, cache_read: 0 },
        requests: 0,
        tool_calls: 0,
        cost_by_provider: { anthropic: 0, openai: 0, google: 0, other: 0 },
      };
      points.set(t, p);
    }
    return p;
  };
  for (const m of series.models) {
    const p = point(m.t);
    p.cost[familyOf(m.model)] += m.costUsd;
    p.cost_by_provider![providerOf(m.model)] += m.costUsd;
    p.tokens.input += m.inputTokens;
    p.tokens.output += m.outputTokens;
    p.tokens.cache_creation += m.cacheCreationTokens;
    p.tokens.cache_read += m.cacheReadTokens;
    p.requests += m.requests;
  }
  for (const t of series.tools) point(t.t).tool_calls += t.calls;
  return [...points.values()]
    .sort((a, b) => a.t - b.t)
    .map((p) => ({
      ...p,
      cost: { haiku: roundUsd(p.cost.haiku), sonnet: roundUsd(p.cost.sonnet), opus: roundUsd(p.cost.opus), other: roundUsd(p.cost.other) },
      cost_by_provider: roundProviders(p.cost_by_provider!),
    }));
}

/** Per-provider dollars, each rounded as the wire carries them. */
const roundProviders = (c: Record<Provider, number>): Record<Provider, number> => ({
  anthropic: roundUsd(c.anthropic),
  openai: roundUsd(c.openai),
  google: roundUsd(c.google),
  other: roundUsd(c.other),
});

/** The Claude family of a model (`haiku` / `sonnet` / `opus`); every other provider's model is `other`. */
const familyOf = (model: string): ModelFamily => (providerOf(model) === 'anthropic' ? parseModelId(model).family : 'other');

/** Each scope's figures, keyed by name in name order. */
function byName<T>(scopes: readonly ScopeTotals[], shape: (s: ScopeTotals) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const s of sortByKey(scopes, (x) => x.name)) out[s.name] = shape(s);
  return out;
}

const toAgentUsage = (s: ScopeTotals): AgentUsage => ({
  ...toUsage(s),
  reasoning_tokens: s.reasoningTokens,
  unpriced_requests: s.unpricedRequests,
  tool_calls: s.toolCalls,
  failed_tool_calls: s.failedToolCalls,
  sessions: s.sessions,
});

const toMachineUsage = (s: ScopeTotals): MachineUsage => ({ ...toUsage(s), tool_calls: s.toolCalls, sessions: s.sessions, last_seen: s.lastSeen });

const emptyModel = (model: string): ModelTotals => ({
  model,
  reasoningTokens: 0,
  requests: 0,
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  costUsd: 0,
  unpricedRequests: 0,
});

/** Adds one model's usage into an accumulator. */
function addModel(into: ModelTotals, m: ModelTotals): void {
  addUsage(into, m);
  into.reasoningTokens += m.reasoningTokens;
  into.unpricedRequests += m.unpricedRequests;
}

/** The busiest SNAPSHOT_KEYS_LIMIT - 1 models by name, the rest summed as OTHER_KEY, so a snapshot stays small. */
function capModels(models: readonly ModelTotals[]): readonly ModelTotals[] {
  if (models.length <= SNAPSHOT_KEYS_LIMIT) return models;
  // What the store already summed as OTHER_KEY goes with the rest.
  const named = models.filter((m) => m.model !== OTHER_KEY);
  const sorted = named.sort((a, b) => b.requests - a.requests || (a.model < b.model ? -1 : 1));
  const other = emptyModel(OTHER_KEY);
  for (const m of [...sorted.slice(SNAPSHOT_KEYS_LIMIT - 1), ...models.filter((x) => x.model === OTHER_KEY)]) addModel(other, m);
  return [...sorted.slice(0, SNAPSHOT_KEYS_LIMIT - 1), other];
}

function capTools(tools: readonly ToolTotals[]): readonly ToolTotals[] {
  if (tools.length <= SNAPSHOT_KEYS_LIMIT) return tools;
  const sorted = tools.filter((t) => t.tool !== OTHER_KEY).sort((a, b) => b.calls - a.calls || (a.tool < b.tool ? -1 : 1));
  const other: ToolTotals = { tool: OTHER_KEY, calls: 0, failed: 0 };
  for (const t of [...sorted.slice(SNAPSHOT_KEYS_LIMIT - 1), ...tools.filter((x) => x.tool === OTHER_KEY)]) {
    other.calls += t.calls;
    other.failed += t.failed;
  }
  return [...sorted.slice(0, SNAPSHOT_KEYS_LIMIT - 1), other];
}

function toUsage(m: UsageTotals): ModelUsage {
  return {
    requests: m.requests,
    input_tokens: m.inputTokens,
    output_tokens: m.outputTokens,
    cache_creation_tokens: m.cacheCreationTokens,
    cache_read_tokens: m.cacheReadTokens,
    cost_usd: roundUsd(m.costUsd),
  };
}

function sortByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
