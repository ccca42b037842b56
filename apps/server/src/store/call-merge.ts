import type { EventOf } from './event.js';

/**
 * The stored outcome of a tool call with an id (table `tool_calls`). One call may be
 * reported twice: by the transcript's tool_use block (no outcome yet) and by a Claude Code
 * PostToolUse / PostToolUseFailure hook, or Claude Code's OTLP tool_result (outcome and
 * duration), both keyed `claude:<tool_use_id>`. It is counted once, at its first report's
 * time, tool and session; a later report fills in what is still unknown.
 */
export interface CallRow {
  key: string;
  ts: number;
  tool: string;
  session_id: string | null;
  success: boolean | null;
  duration_ms: number | null;
}

export type ToolCall = EventOf<'tool_call'>;

export function callRow(key: string, e: ToolCall): CallRow {
  return { key, ts: e.ts, tool: e.tool, session_id: e.sessionId, success: e.success, duration_ms: e.durationMs };
}

/**
 * A repeat of a stored call: the row with its unknown outcome and duration filled in, and
 * whether the call is now known to have failed (one more failed call in the rollups), or
 * null when the repeat tells nothing new (a duplicate). A known outcome is never changed.
 */
export function fillCall(row: CallRow, e: ToolCall): { row: CallRow; failed: boolean } | null {
  const success = row.success ?? e.success;
  const duration = row.duration_ms ?? e.durationMs;
  if (success === row.success && duration === row.duration_ms) return null;
  return { row: { ...row, success, duration_ms: duration }, failed: row.success === null && success === false };
}
