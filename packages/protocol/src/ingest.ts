import { z } from 'zod';
import { unixSeconds } from './common.js';
import { INGEST_MAX_EVENTS, INGEST_MAX_STRING, INGEST_MAX_TOKENS } from './limits.js';
import { agentId, machineName } from './scope.js';
import { taskStatus } from './snapshot.js';
import { TASK_SESSIONS_MAX } from './task-sessions.js';

const text = z.string().min(1, { message: 'must not be empty' }).max(INGEST_MAX_STRING);
const optionalText = z.string().max(INGEST_MAX_STRING).optional();
const tokens = z.number().int().nonnegative().max(INGEST_MAX_TOKENS);
const cost = z.number().finite().nonnegative().max(1_000_000);

/** Optional on every event: when it happened, Unix seconds; defaults to the time of receipt. */
const timestamp = unixSeconds.optional();

/** Optional on every event: the agent; `unknown` when absent. */
const agent = agentId.optional();
/** Optional on every event: the machine it comes from (a forwarder sends its own); absent: the receiving server's `MONITORING_MACHINE`. */
const machine = machineName.optional();

/** A task of the agent runner; the latest status (by timestamp) of an id wins. */
export const taskEvent = z.object({
  type: z.literal('task'),
  id: text,
  status: taskStatus,
  description: optionalText,
  model: optionalText,
  cost_usd: cost.optional(),
  /** Why a task failed. */
  error: optionalText,
  /** Added: the agent session working the task (see task-sessions.ts). */
  session_id: text.optional(),
  /** Added: the agent sessions working the task, at most TASK_SESSIONS_MAX. */
  session_ids: z.array(text).max(TASK_SESSIONS_MAX, { message: `at most ${TASK_SESSIONS_MAX} sessions` }).optional(),
  timestamp,
  agent,
  machine,
});

/** One Claude API response. Cost is computed from the price table when `cost_usd` is absent. */
export const apiRequestEvent = z.object({
  type: z.literal('api_request'),
  model: text,
  input_tokens: tokens,
  output_tokens: tokens,
  cache_creation_input_tokens: tokens.optional(),
  cache_read_input_tokens: tokens.optional(),
  /** The part of `cache_creation_input_tokens` written to the 1-hour cache (priced at 2x input). */
  cache_creation_1h_input_tokens: tokens.optional(),
  /** The part of `output_tokens` spent on reasoning (shown apart; already inside `output_tokens`). */
  reasoning_tokens: tokens.optional(),
  cost_usd: cost.optional(),
  session_id: optionalText,
  project: optionalText,
  /** Producer's id of the request; an id seen before is not counted again. */
  request_id: optionalText,
  timestamp,
  agent,
  machine,
});

/** One tool invocation by an agent. */
export const toolCallEvent = z.object({
  type: z.literal('tool_call'),
  tool: text,
  session_id: optionalText,
  project: optionalText,
  success: z.boolean().optional(),
  duration_ms: z.number().finite().nonnegative().max(86_400_000).optional(),
  timestamp,
  agent,
  machine,
});

/** A free-text line for the activity feed. */
export const activityEvent = z.object({
  type: z.literal('activity'),
  description: text,
  timestamp,
  agent,
  machine,
});

export const ingestEvent = z.discriminatedUnion('type', [taskEvent, apiRequestEvent, toolCallEvent, activityEvent]);
export type IngestEvent = z.infer<typeof ingestEvent>;
export type TaskEvent = z.infer<typeof taskEvent>;
export type ApiRequestEvent = z.infer<typeof apiRequestEvent>;
export type ToolCallEvent = z.infer<typeof toolCallEvent>;
export type ActivityEvent = z.infer<typeof activityEvent>;

/** The body of `POST /api/events`: one event or an array of them. */
export const ingestBody = z.union([
  ingestEvent,
  z.array(ingestEvent).min(1, { message: 'the batch is empty' }).max(INGEST_MAX_EVENTS),
]);

/** The 202 answer of `POST /api/events`. */
export const ingestAccepted = z.object({ accepted: z.number().int().nonnegative() });
export type IngestAccepted = z.infer<typeof ingestAccepted>;
