import { parseModelId } from '../../metrics/model-id.js';
import type { RequestPricer } from '../../metrics/prices/request-price.js';
import { storedEvent, type StoredEvent } from '../../store/event.js';
import { rolloutSessionId } from './paths.js';
import { CodexRolloutReader, type CodexRateLimitRecord, type CodexRecord, type CodexToolCallRecord } from './rollout-reader.js';

/** The agent of every Codex event. */
export const CODEX = 'codex';

/** The model of a request whose rollout names none: counted, and unpriced. */
export const UNKNOWN_MODEL = 'unknown';

/**
 * What the source keeps per rollout file: the reader (running totals, replay, model) and the tool
 * calls whose output has not come yet.
 */
export class CodexFile {
  readonly reader: CodexRolloutReader;
  /** Calls waiting for their output, by call id, with the number of requests counted when they were made. */
  readonly pending = new Map<string, { call: CodexToolCallRecord; requestsAtCall: number }>();
  requests = 0;

  constructor(file: string) {
    this.reader = new CodexRolloutReader({ fallbackSessionId: rolloutSessionId(file) ?? file });
  }
}

/**
 * Turns the reader's records of one line into events (agent `codex`), in the store's vocabulary:
 * input without the cached part, cache reads = cached input, output with reasoning inside it,
 * reasoning apart. A subagent's requests and tool calls count in the session of the root of its
 * spawn chain (its parent's, or its parent's parent's for a subagent of a subagent).
 *
 * A tool call is counted once, by call id, when its output says how it ended (success from the
 * exit code; null when the output does not say). A call still without an output once the model
 * has made another request after the one that called it was never answered (interrupted): it is
 * counted then, its outcome unknown.
 */
export function eventsFromRecords(records: readonly CodexRecord[], file: CodexFile, pricer: RequestPricer, out: StoredEvent[], onRateLimits?: (r: CodexRateLimitRecord) => void): void {
  const reader = file.reader;
  const session = (own: string) => reader.rootSessionId ?? own;
  for (const r of records) {
    switch (r.kind) {
      case 'usage': {
        const model = r.model ?? UNKNOWN_MODEL;
        const cached = Math.min(r.cached_input_tokens, r.input_tokens);
        const tokens = { inputTokens: r.input_tokens - cached, outputTokens: r.output_tokens, cacheCreationTokens: 0, cacheReadTokens: cached };
        out.push(storedEvent({
          type: 'api_request',
          ts: r.ts,
          agent: CODEX,
          model,
          family: parseModelId(model).family,
          ...tokens,
          reasoningTokens: Math.min(r.reasoning_output_tokens, r.output_tokens),
          costUsd: r.model === null ? null : pricer.cost(tokens, model, r.ts),
          sessionId: session(r.session_id),
          project: r.project,
          requestId: r.id,
        }));
        file.requests += 1;
        for (const [id, p] of file.pending) {
          if (p.requestsAtCall < file.requests - 1) {
            file.pending.delete(id);
            out.push(toolEvent(p.call, session(p.call.session_id), null));
          }
        }
        break;
      }
      case 'tool_call':
        if (!file.pending.has(r.call_id)) file.pending.set(r.call_id, { call: r, requestsAtCall: file.requests });
        break;
      case 'tool_result': {
        const p = file.pending.get(r.call_id);
        if (!p) break; // an output of a call counted before, or of one this file never showed
        file.pending.delete(r.call_id);
        out.push(toolEvent(p.call, session(p.call.session_id), r.success));
        break;
      }
      case 'rate_limits':
        onRateLimits?.(r);
        break;
    }
  }
}

function toolEvent(call: CodexToolCallRecord, sessionId: string, success: boolean | null): StoredEvent {
  return storedEvent({
    type: 'tool_call',
    ts: call.ts,
    agent: CODEX,
    tool: call.name,
    sessionId,
    project: call.project,
    success,
    durationMs: null,
    callId: `codex:${call.session_id}:${call.call_id}`,
  });
}
