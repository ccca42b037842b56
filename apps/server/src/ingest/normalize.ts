import type { IngestEvent } from '@amiga/protocol';
import { parseModelId } from '../metrics/model-id.js';
import type { PriceRow } from '../metrics/pricing.js';
import { pricerFor } from '../metrics/prices/request-price.js';
import { storedEvent, UNKNOWN_AGENT, type EventFields, type EventOf, type EventOptions, type FieldsOf } from '../store/event.js';

export interface NormalizeOptions extends EventOptions {
  /** Time of receipt, used when an event has no timestamp. */
  now: number;
  /** MONITORING_PRICES rows, tried before the price dataset. */
  prices?: readonly PriceRow[];
}

const NO_OVERRIDES: readonly PriceRow[] = [];

/** The stored fields of a validated ingest event (cost computed where the producer gave none). */
export function fieldsOf<E extends IngestEvent>(event: E, options: NormalizeOptions): FieldsOf<E['type']>;
export function fieldsOf(event: IngestEvent, { now, prices }: NormalizeOptions): EventFields {
  const ts = event.timestamp ?? now;
  // The machine only when the event names one: the ingest service stamps the others with MONITORING_MACHINE.
  const scope = { agent: event.agent ?? UNKNOWN_AGENT, ...(event.machine === undefined ? {} : { machine: event.machine }) };
  switch (event.type) {
    case 'task':
      return {
        type: 'task',
        ts,
        ...scope,
        id: event.id,
        status: event.status,
        taskDescription: event.description ?? null,
        model: event.model ?? null,
        costUsd: event.cost_usd ?? null,
        error: event.error ?? null,
        ...taskSessionIds(event),
      };
    case 'api_request':
      return {
        type: 'api_request',
        ts,
        ...scope,
        model: event.model,
        family: parseModelId(event.model).family,
        inputTokens: event.input_tokens,
        outputTokens: event.output_tokens,
        cacheCreationTokens: event.cache_creation_input_tokens ?? 0,
        cacheReadTokens: event.cache_read_input_tokens ?? 0,
        reasoningTokens: Math.min(event.reasoning_tokens ?? 0, event.output_tokens),
        costUsd:
          event.cost_usd ??
          pricerFor(prices ?? NO_OVERRIDES).cost(
            { inputTokens: event.input_tokens, outputTokens: event.output_tokens, cacheCreationTokens: event.cache_creation_input_tokens ?? 0, cacheReadTokens: event.cache_read_input_tokens ?? 0 },
            event.model,
            ts,
          ),
        sessionId: event.session_id ?? null,
        project: event.project ?? null,
        requestId: event.request_id ?? null,
      };
    case 'tool_call':
      return {
        type: 'tool_call',
        ts,
        ...scope,
        tool: event.tool,
        sessionId: event.session_id ?? null,
        project: event.project ?? null,
        success: event.success ?? null,
        durationMs: event.duration_ms ?? null,
      };
    case 'activity':
      return { type: 'activity', ts, ...scope, description: event.description };
  }
}

/** Turns a validated ingest event into what the store keeps. */
export function normalizeEvent<E extends IngestEvent>(event: E, options: NormalizeOptions): EventOf<E['type']> {
  return storedEvent(fieldsOf(event, options) as EventFields, options) as EventOf<E['type']>;
}

/** The sessions a task event links, once each in the order given (none: no field). */
function taskSessionIds(event: Extract<IngestEvent, { type: 'task' }>): { sessionIds?: string[] } {
  const ids = [...new Set([...(event.session_id === undefined ? [] : [event.session_id]), ...(event.session_ids ?? [])])];
  return ids.length > 0 ? { sessionIds: ids } : {};
}
