import { INGEST_MAX_TOKENS, type ModelFamily } from '@amiga/protocol';
import { storedEvent, type StoredEvent } from '../../store/event.js';
import { parseModelId } from '../../metrics/model-id.js';
import type { PriceRow } from '../../metrics/pricing.js';
import { pricerFor, type RequestPricer } from '../../metrics/prices/request-price.js';

/** The agent of every transcript event. */
export const CLAUDE_CODE = 'claude-code';

/** What a transcript's location says about its lines. */
export interface TranscriptFile {
  /** Session of every line (subagent transcripts count in their parent session); null: use the line's `sessionId`. */
  session: string | null;
  /** Session id when a line names none (the file name). */
  fallbackSession: string;
  /** Project when a line has no `cwd` (the project folder name). */
  fallbackProject: string;
}

/** Family per model id, computed once per id, and the pricer (MONITORING_PRICES rows, then the price dataset). */
export class ModelInfo {
  readonly pricer: RequestPricer;
  readonly #cache = new Map<string, ModelFamily>();

  constructor(prices: readonly PriceRow[]) {
    this.pricer = pricerFor(prices);
  }

  family(model: string): ModelFamily {
    let family = this.#cache.get(model);
    if (!family) {
      family = parseModelId(model).family;
      if (this.#cache.size < 10_000) this.#cache.set(model, family);
    }
    return family;
  }
}

/**
 * Turns one parsed `type:"assistant"` transcript line into events: the API response it
 * belongs to (keyed by message id + request id, so the several lines of one response merge,
 * keeping the largest totals) and each `tool_use` block (keyed by its id).
 */
export function eventsFromAssistantLine(
  line: Record<string, unknown>,
  file: TranscriptFile,
  models: ModelInfo,
  now: number,
  out: StoredEvent[],
): void {
  const message = asObject(line.message);
  if (!message) return;
  const ts = toSeconds(line.timestamp) ?? now;
  const sessionId = file.session ?? str(line.sessionId) ?? file.fallbackSession;
  const project = str(line.cwd) ?? file.fallbackProject;
  const model = str(message.model) ?? 'unknown';
  const usage = asObject(message.usage);

  if (usage) {
    const input = tokens(usage.input_tokens);
    const output = tokens(usage.output_tokens);
    const cacheWrite = tokens(usage.cache_creation_input_tokens);
    const cacheRead = tokens(usage.cache_read_input_tokens);
    const cacheWrite1h = tokens(asObject(usage.cache_creation)?.ephemeral_1h_input_tokens);
    const synthetic = model === '<synthetic>' && input + output + cacheWrite + cacheRead === 0;
    const messageId = str(message.id);
    const requestId = str(line.requestId);
    const key = messageId ? (requestId ? `${messageId}:${requestId}` : messageId) : (requestId ?? str(line.uuid));
    if (!synthetic && key) {
      out.push(storedEvent({
        type: 'api_request',
        ts,
        agent: CLAUDE_CODE,
        model,
        family: models.family(model),
        inputTokens: input,
        outputTokens: output,
        cacheCreationTokens: cacheWrite,
        cacheReadTokens: cacheRead,
        costUsd: models.pricer.cost(
          { inputTokens: input, outputTokens: output, cacheCreationTokens: cacheWrite, cacheReadTokens: cacheRead, cacheCreation1hTokens: cacheWrite1h },
          model,
          ts,
        ),
        sessionId,
        project,
        requestId: `claude:${key}`,
        mergeMax: true,
      }));
    }
  }

  if (Array.isArray(message.content)) {
    for (const block of message.content as unknown[]) {
      const b = asObject(block);
      if (!b || b.type !== 'tool_use') continue;
      const tool = str(b.name) ?? 'unknown';
      const id = str(b.id);
      out.push(storedEvent({
        type: 'tool_call',
        ts,
        agent: CLAUDE_CODE,
        tool,
        sessionId,
        project,
        success: null,
        durationMs: null,
        callId: id ? `claude:${id}` : null,
      }));
    }
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 2000) : undefined;
}

function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(Math.trunc(value), INGEST_MAX_TOKENS) : 0;
}

function toSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}
