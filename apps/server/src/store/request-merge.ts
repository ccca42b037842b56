import type { StoredEvent } from './event.js';
import type { RequestDelta } from './rollup.js';

/** The stored state of a `mergeMax` request: its first report's time, model and session, and the largest totals seen. */
export interface RequestRow {
  key: string;
  /** The event row shown for the request (its description and data follow the largest output). */
  event_id: number;
  ts: number;
  model: string;
  session_id: string | null;
  agent: string;
  machine: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
}

export type ApiRequest = Extract<StoredEvent, { type: 'api_request' }>;

/** The largest of each total of a stored request and a repeat of it. */
export function grown(old: RequestRow, e: ApiRequest) {
  return {
    inputTokens: Math.max(old.input_tokens, e.inputTokens),
    outputTokens: Math.max(old.output_tokens, e.outputTokens),
    cacheCreationTokens: Math.max(old.cache_creation_tokens, e.cacheCreationTokens),
    cacheReadTokens: Math.max(old.cache_read_tokens, e.cacheReadTokens),
    reasoningTokens: Math.max(old.reasoning_tokens, e.reasoningTokens),
    costUsd: old.cost_usd === null || e.costUsd === null ? old.cost_usd : Math.max(old.cost_usd, e.costUsd),
  };
}

/** The stored request after a repeat: the largest totals of both. */
export function grownRow(old: RequestRow, e: ApiRequest): RequestRow {
  const g = grown(old, e);
  return {
    ...old,
    input_tokens: g.inputTokens,
    output_tokens: g.outputTokens,
    cache_creation_tokens: g.cacheCreationTokens,
    cache_read_tokens: g.cacheReadTokens,
    reasoning_tokens: g.reasoningTokens,
    cost_usd: g.costUsd,
  };
}

/** What a repeat adds to a stored request (applied at the request's first time and model), or null when nothing grew. */
export function mergeRequest(old: RequestRow, e: ApiRequest): RequestDelta | null {
  const g = grown(old, e);
  const delta: RequestDelta = {
    ts: old.ts,
    model: old.model,
    sessionId: old.session_id,
    agent: old.agent,
    machine: old.machine,
    inputTokens: g.inputTokens - old.input_tokens,
    outputTokens: g.outputTokens - old.output_tokens,
    cacheCreationTokens: g.cacheCreationTokens - old.cache_creation_tokens,
    cacheReadTokens: g.cacheReadTokens - old.cache_read_tokens,
    reasoningTokens: g.reasoningTokens - old.reasoning_tokens,
    costUsd: g.costUsd === null || old.cost_usd === null ? 0 : g.costUsd - old.cost_usd,
  };
  const changed = delta.inputTokens || delta.outputTokens || delta.cacheCreationTokens || delta.cacheReadTokens || delta.reasoningTokens || delta.costUsd;
  return changed ? delta : null;
}

/** A new request's row, from its first report. */
export function requestRow(e: ApiRequest & { requestId: string }, eventId: number): RequestRow {
  return {
    key: e.requestId,
    event_id: eventId,
    ts: e.ts,
    model: e.model,
    session_id: e.sessionId,
    agent: e.agent,
    machine: e.machine ?? '',
    input_tokens: e.inputTokens,
    output_tokens: e.outputTokens,
    cache_creation_tokens: e.cacheCreationTokens,
    cache_read_tokens: e.cacheReadTokens,
    reasoning_tokens: e.reasoningTokens,
    cost_usd: e.costUsd,
  };
}
