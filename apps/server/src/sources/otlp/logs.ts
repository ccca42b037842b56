import { createHash } from 'node:crypto';
import { apiRequestEvent, toolCallEvent, type OtlpLogRecord, type OtlpLogsRequest } from '@amiga/protocol';
import { fieldsOf, normalizeEvent } from '../../ingest/normalize.js';
import type { PriceRow } from '../../metrics/pricing.js';
import { storedEvent, type StoredEvent } from '../../store/event.js';
import { attributes, bool, nanosToSeconds, number, scalar, text, type Attributes } from './attributes.js';
import { describeIssues } from '../../errors/describe-issues.js';
import { CLAUDE_CODE } from '../claude/assistant-line.js';

export interface LogsResult {
  events: StoredEvent[];
  /** Records refused (an event the monitor reads, with missing or invalid fields). */
  rejected: number;
  /** The first refusal reasons. */
  reasons: string[];
  /** Records of other events (user_prompt, tool_decision, …), accepted and not counted. */
  ignored: number;
}

const PREFIX = 'claude_code.';

/**
 * Maps Claude Code's OTLP log events to stored events: `api_request` → an API request
 * (its own `cost_usd` when given), `tool_result` → a tool call, `api_error` → an API error.
 * Resource attributes apply to every record (a `project` attribute tags the project). Each
 * record gets an id (request_id, else session.id + event.sequence, else a hash of the record)
 * so a retried export is not counted twice.
 */
export function eventsFromLogs(body: OtlpLogsRequest, now: number, prices: readonly PriceRow[]): LogsResult {
  const result: LogsResult = { events: [], rejected: 0, reasons: [], ignored: 0 };
  const refuse = (reason: string) => {
    result.rejected += 1;
    if (result.reasons.length < 3) result.reasons.push(reason);
  };
  for (const rl of body.resourceLogs ?? []) {
    for (const sl of rl.scopeLogs ?? []) {
      for (const record of sl.logRecords ?? []) {
        const attrs = attributes(rl.resource?.attributes, record.attributes);
        const name = eventName(record, attrs);
        const ts = timestampOf(record, attrs, now);
        const agent = agentOf(text(attrs, 'service.name'));
        const sessionId = text(attrs, 'session.id') ?? null;
        const project = text(attrs, 'project') ?? null;
        const id = recordId(record, attrs, name);
        if (name === 'api_request') {
          const model = text(attrs, 'model');
          const parsed = apiRequestEvent.safeParse({
            type: 'api_request',
            model,
            input_tokens: number(attrs, 'input_tokens'),
            output_tokens: number(attrs, 'output_tokens'),
            cache_read_input_tokens: number(attrs, 'cache_read_tokens') ?? 0,
            cache_creation_input_tokens: number(attrs, 'cache_creation_tokens') ?? 0,
            cost_usd: number(attrs, 'cost_usd'),
            session_id: sessionId ?? undefined,
            project: project ?? undefined,
            request_id: id,
            timestamp: ts,
            agent,
          });
          if (!parsed.success) {
            refuse(`api_request: ${describeIssues(parsed.error)}`);
            continue;
          }
          result.events.push(normalizeEvent(parsed.data, { now, prices }));
        } else if (name === 'tool_result') {
          const parsed = toolCallEvent.safeParse({
            type: 'tool_call',
            tool: text(attrs, 'tool_name'),
            session_id: sessionId ?? undefined,
            project: project ?? undefined,
            success: bool(attrs, 'success'),
            duration_ms: number(attrs, 'duration_ms'),
            timestamp: ts,
            agent,
          });
          if (!parsed.success) {
            refuse(`tool_result: ${describeIssues(parsed.error)}`);
            continue;
          }
          result.events.push(storedEvent({ ...fieldsOf(parsed.data, { now }), callId: id }));
        } else if (name === 'api_error') {
          const model = text(attrs, 'model') ?? null;
          const error = text(attrs, 'error') ?? text(attrs, 'status_code') ?? 'unknown error';
          result.events.push(storedEvent({ type: 'api_error', ts, agent, model, sessionId, project, errorId: id, error }));
        } else {
          result.ignored += 1;
        }
      }
    }
  }
  return result;
}

/**
 * The agent of a record: its resource's `service.name` (Claude Code exports `claude-code`), lower-cased
 * and cut to an agent id; `claude-code` when the exporter left the SDK's `unknown_service` default.
 */
export function agentOf(serviceName: string | undefined): string {
  if (serviceName === undefined || serviceName.startsWith('unknown_service')) return CLAUDE_CODE;
  const id = serviceName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 64);
  return id === '' ? CLAUDE_CODE : id;
}

/** `api_request` from `event.name` (`api_request` or `claude_code.api_request`), else from the body string. */
function eventName(record: OtlpLogRecord, attrs: Attributes): string | undefined {
  const raw = text(attrs, 'event.name') ?? record.eventName ?? scalar(record.body);
  if (typeof raw !== 'string') return undefined;
  return raw.startsWith(PREFIX) ? raw.slice(PREFIX.length) : raw;
}

function timestampOf(record: OtlpLogRecord, attrs: Attributes, now: number): number {
  const fromAttr = text(attrs, 'event.timestamp');
  const iso = fromAttr ? Date.parse(fromAttr) / 1000 : undefined;
  const ts = nanosToSeconds(record.timeUnixNano) ?? (iso !== undefined && Number.isFinite(iso) ? iso : undefined) ?? nanosToSeconds(record.observedTimeUnixNano);
  return ts !== undefined && ts > 0 && ts < 1e11 ? ts : now;
}

function recordId(record: OtlpLogRecord, attrs: Attributes, name: string | undefined): string {
  const requestId = text(attrs, 'request_id');
  if (requestId && name === 'api_request') return `otlp:${requestId}`;
  const session = text(attrs, 'session.id');
  const sequence = text(attrs, 'event.sequence');
  if (session && sequence !== undefined) return `otlp:${session}:${sequence}`;
  const hash = createHash('sha1').update(JSON.stringify([record.timeUnixNano, record.body, record.attributes])).digest('hex');
  return `otlp:h:${hash}`;
}
