import type { IngestEvent, ModelFamily } from '@amiga/protocol';
import { parseModelId } from '../metrics/model-id.js';
import { costOf, priceFor, type PriceRow } from '../metrics/pricing.js';

/** An ingested event as the store keeps it: timestamped, described, and priced. */
export type StoredEvent =
  | {
      type: 'task';
      ts: number;
      description: string;
      id: string;
      status: 'pending' | 'running' | 'completed' | 'failed';
      taskDescription: string | null;
      model: string | null;
      costUsd: number | null;
      error: string | null;
    }
  | {
      type: 'api_request';
      ts: number;
      description: string;
      model: string;
      family: ModelFamily;
      inputTokens: number;
      outputTokens: number;
      cacheCreationTokens: number;
      cacheReadTokens: number;
      /** Null when the model is unpriced and the producer gave no cost. */
      costUsd: number | null;
      sessionId: string | null;
      project: string | null;
      requestId: string | null;
      /**
       * Set by sources that report one response several times with growing totals (Claude Code
       * transcripts): the request is keyed by `requestId`, and a repeat keeps the largest of each
       * token count and cost instead of being dropped.
       */
      mergeMax?: boolean;
    }
  | {
      type: 'tool_call';
      ts: number;
      description: string;
      tool: string;
      sessionId: string | null;
      project: string | null;
      success: boolean | null;
      durationMs: number | null;
      /** Producer's id of the call (e.g. a transcript's tool_use id); an id seen before is not counted again. */
      callId?: string | null;
    }
  | { type: 'activity'; ts: number; description: string }
  | {
      /** An API call that failed (not a request: no tokens); counted per model. */
      type: 'api_error';
      ts: number;
      description: string;
      model: string | null;
      sessionId: string | null;
      project: string | null;
      /** Producer's id of the error report; an id seen before is not counted again. */
      errorId: string | null;
    };

export interface NormalizeOptions {
  /** Time of receipt, used when an event has no timestamp. */
  now: number;
  prices?: readonly PriceRow[];
}

/** 1234567 → "1,234,567" (Intl.NumberFormat costs more than the rest of normalising an event). */
const fmt = { format: (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',') };

/** Turns a validated ingest event into what the store keeps (cost computed where the producer gave none). */
export function normalizeEvent(event: IngestEvent, { now, prices }: NormalizeOptions): StoredEvent {
  const ts = event.timestamp ?? now;
  switch (event.type) {
    case 'task':
      return {
        type: 'task',
        ts,
        id: event.id,
        status: event.status,
        taskDescription: event.description ?? null,
        model: event.model ?? null,
        costUsd: event.cost_usd ?? null,
        error: event.error ?? null,
        description: `Task ${event.id} ${event.status}${event.description ? `: ${event.description}` : ''}`,
      };
    case 'api_request': {
      const cost = event.cost_usd ?? costOf(event, priceFor(event.model, prices));
      return {
        type: 'api_request',
        ts,
        model: event.model,
        family: parseModelId(event.model).family,
        inputTokens: event.input_tokens,
        outputTokens: event.output_tokens,
        cacheCreationTokens: event.cache_creation_input_tokens ?? 0,
        cacheReadTokens: event.cache_read_input_tokens ?? 0,
        costUsd: cost,
        sessionId: event.session_id ?? null,
        project: event.project ?? null,
        requestId: event.request_id ?? null,
        description: `API request to ${event.model}: ${fmt.format(event.input_tokens)} in / ${fmt.format(event.output_tokens)} out`,
      };
    }
    case 'tool_call':
      return {
        type: 'tool_call',
        ts,
        tool: event.tool,
        sessionId: event.session_id ?? null,
        project: event.project ?? null,
        success: event.success ?? null,
        durationMs: event.duration_ms ?? null,
        description: `Tool call: ${event.tool}${event.success === false ? ' (failed)' : ''}`,
      };
    case 'activity':
      return { type: 'activity', ts, description: event.description };
  }
}
