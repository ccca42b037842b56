import type { ModelFamily } from '@amiga/protocol';

/**
 * Which coding agent an event is about: `claude-code`, `codex`, `gemini-cli`, what an ingest
 * event names (`[a-z0-9._-]{1,64}`), or `unknown`.
 */
export const UNKNOWN_AGENT = 'unknown';

/** Fields every stored event has. */
interface Common {
  ts: number;
  description: string;
  agent: string;
  /**
   * The machine the event comes from (MONITORING_MACHINE, or a forwarder's own). The ingest
   * service stamps it on every event that has none; a store writes an event without one
   * under its own `machine` (the host it runs on).
   */
  machine?: string;
}

/** An event as the store keeps it: timestamped, described, and priced. Build one with `storedEvent`. */
export type StoredEvent =
  | (Common & {
      type: 'task';
      id: string;
      status: 'pending' | 'running' | 'completed' | 'failed';
      taskDescription: string | null;
      model: string | null;
      costUsd: number | null;
      error: string | null;
      /** The agent sessions the task event links to the task (issue 17 §3); absent: none. */
      sessionIds?: string[];
    })
  | (Common & {
      type: 'api_request';
      model: string;
      family: ModelFamily;
      inputTokens: number;
      outputTokens: number;
      cacheCreationTokens: number;
      cacheReadTokens: number;
      /** The part of `outputTokens` spent on reasoning (Codex's reasoning_output_tokens, Gemini's thoughts); 0 when not reported. */
      reasoningTokens: number;
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
    })
  | (Common & {
      type: 'tool_call';
      tool: string;
      sessionId: string | null;
      project: string | null;
      success: boolean | null;
      durationMs: number | null;
      /** Producer's id of the call (e.g. a transcript's tool_use id); an id seen before is not counted again. */
      callId?: string | null;
    })
  | (Common & { type: 'activity' })
  | (Common & {
      /** An API call that failed (not a request: no tokens); counted per model. */
      type: 'api_error';
      model: string | null;
      sessionId: string | null;
      project: string | null;
      /** Producer's id of the error report; an id seen before is not counted again. */
      errorId: string | null;
    });

export type StoredEventType = StoredEvent['type'];
export type EventOf<T extends StoredEventType> = Extract<StoredEvent, { type: T }>;

/**
 * What an event is built from: its fields without the description (an activity line is
 * its description), plus, for an API error, the error text the description quotes.
 */
export type EventFields =
  | Built<EventOf<'task'>>
  | (Built<Omit<EventOf<'api_request'>, 'reasoningTokens'>> & { reasoningTokens?: number })
  | Built<EventOf<'tool_call'>>
  | (Omit<EventOf<'activity'>, 'agent'> & { agent?: string })
  | (Built<EventOf<'api_error'>> & { error: string });

/** What a constructor is given: no description, and the agent optional (default `unknown`). */
type Built<E> = Omit<E, 'description' | 'agent'> & { agent?: string };

export type FieldsOf<T extends StoredEventType> = Extract<EventFields, { type: T }>;

export interface EventOptions {
  /** Marks the description as coming from one source (`demo` → `[demo] …`), once. */
  tag?: string;
}

/** 1234567 → "1,234,567" (Intl.NumberFormat costs more than the rest of building an event). */
export const formatCount = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The one constructor of stored events: every source builds its events here, so each kind is described one way. */
export function storedEvent<F extends EventFields>(fields: F, options: EventOptions = {}): EventOf<F['type']> {
  const event = build(fields);
  const tag = options.tag === undefined ? '' : `[${options.tag}] `;
  if (tag !== '' && !event.description.startsWith(tag)) event.description = tag + event.description;
  return event as EventOf<F['type']>;
}

function build(fields: EventFields): StoredEvent {
  const f = { ...fields, agent: fields.agent ?? UNKNOWN_AGENT };
  switch (f.type) {
    case 'task':
      return { ...f, description: `Task ${f.id} ${f.status}${f.taskDescription ? `: ${f.taskDescription}` : ''}` };
    case 'api_request':
      return { ...f, reasoningTokens: f.reasoningTokens ?? 0, description: `API request to ${f.model}: ${formatCount(f.inputTokens)} in / ${formatCount(f.outputTokens)} out` };
    case 'tool_call':
      return { ...f, description: `Tool call: ${f.tool}${f.success === false ? ' (failed)' : ''}` };
    case 'activity':
      return { ...f };
    case 'api_error': {
      const { error, ...rest } = f;
      return { ...rest, description: `API error${f.model ? ` (${f.model})` : ''}: ${error.slice(0, 200)}` };
    }
  }
}
