import { parseModelId } from '../../metrics/model-id.js';
import type { RequestPricer } from '../../metrics/prices/request-price.js';
import { storedEvent, type StoredEvent } from '../../store/event.js';
import type { GeminiRecord } from './chat-reader.js';
import type { GeminiChatFile } from './paths.js';

/** The agent of every Gemini CLI event. */
export const GEMINI_CLI = 'gemini-cli';

/** What a chat file's path says, and the project it stands for. */
export interface GeminiFileInfo extends GeminiChatFile {
  project: string;
}

/**
 * One record of a chat recording as an event (agent `gemini-cli`), in the store's vocabulary:
 * input = prompt − cached + tool-use prompt, cache reads = cached, output = candidates + thoughts,
 * reasoning = thoughts. A usage record keeps its id across rewrites and re-appends (`mergeMax`: a
 * message whose tokens grow keeps the largest); a tool call is counted once by its id, failed
 * when its status is not `success`. A subagent's recording counts in its parent's session.
 */
export function eventFromRecord(r: GeminiRecord, file: GeminiFileInfo, pricer: RequestPricer): StoredEvent {
  const sessionId = file.parentSessionId ?? r.session_id;
  if (r.kind === 'tool_call') {
    return storedEvent({
      type: 'tool_call',
      ts: r.ts,
      agent: GEMINI_CLI,
      tool: r.name,
      sessionId,
      project: file.project,
      success: r.success,
      durationMs: null,
      callId: `gemini:${r.session_id}:${r.call_id}`,
    });
  }
  const model = r.model ?? 'unknown';
  const cached = Math.min(r.cached, r.input);
  const tokens = { inputTokens: r.input - cached + r.tool, outputTokens: r.output + r.thoughts, cacheCreationTokens: 0, cacheReadTokens: cached };
  return storedEvent({
    type: 'api_request',
    ts: r.ts,
    agent: GEMINI_CLI,
    model,
    family: parseModelId(model).family,
    ...tokens,
    reasoningTokens: r.thoughts,
    costUsd: r.model === null ? null : pricer.cost(tokens, model, r.ts),
    sessionId,
    project: file.project,
    requestId: r.id,
    mergeMax: true,
  });
}
