import type { ModelFamily } from '@amiga/protocol';

/** An event as the store keeps it: timestamped, described, and priced. Build one with `storedEvent`. */
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

export type StoredEventType = StoredEvent['type'];
export type EventOf<T extends StoredEventType> = Extract<StoredEvent, { type: T }>;

/**
 * What an event is built from: its fields without the description (an activity line is
 * its description), plus, for an API error, the error text the description quotes.
 */
export type EventFields =
  | Omit<EventOf<'task'>, 'description'>
  | Omit<EventOf<'api_request'>, 'description'>
  | Omit<EventOf<'tool_call'>, 'description'>
  | EventOf<'activity'>
  | (Omit<EventOf<'api_error'>, 'description'> & { error: string });

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

function build(f: EventFields): StoredEvent {
  switch (f.type) {
    case 'task':
      return { ...f, description: `Task ${f.id} ${f.status}${f.taskDescription ? `: ${f.taskDescription}` : ''}` };
    case 'api_request':
      return { ...f, description: `API request to ${f.model}: ${formatCount(f.inputTokens)} in / ${formatCount(f.outputTokens)} out` };
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
