import { isKnownHook, type ClaudeHookBody, type HookEvent } from '@amiga/protocol';
import { storedEvent, type EventOf } from '../store/event.js';
import type { LiveSignal } from './transition.js';

export const CLAUDE_CODE = 'claude-code';

/** Tools whose input names a file: the path is kept (the rest of the input is not, unless content is stored). */
const FILE_TOOLS: Readonly<Record<string, string>> = { Read: 'file_path', Write: 'file_path', Edit: 'file_path', MultiEdit: 'file_path', NotebookEdit: 'notebook_path' };

type Signal = Omit<LiveSignal, 'sessionId' | 'agent' | 'project' | 'ts'>;

/**
 * What a Claude Code hook event says about its session's state (undefined: nothing; the
 * event is only logged). See live/transition.ts for how a signal moves the state.
 */
export function hookSignal(body: ClaudeHookBody): Signal | undefined {
  if (!isKnownHook(body)) return undefined;
  const h = body as HookEvent;
  switch (h.hook_event_name) {
    case 'UserPromptSubmit':
      return { state: 'working', tool: null, message: null };
    case 'PreToolUse':
      return { state: 'working', tool: h.tool_name, message: null };
    case 'PostToolUse':
    case 'PostToolUseFailure':
      return { state: 'working', tool: null, message: null };
    case 'SubagentStart':
      return { state: 'working', ...(h.agent_id ? { subagentStart: { id: h.agent_id, type: h.agent_type ?? null } } : {}) };
    case 'SubagentStop':
      return h.agent_id ? { subagentStop: h.agent_id } : {};
    case 'PermissionRequest':
      return { state: 'needs_input', ...(h.tool_name ? { tool: h.tool_name } : {}), fallbackMessage: `Permission requested${h.tool_name ? ` to use ${h.tool_name}` : ''}` };
    case 'Notification':
      return notificationSignal(h.notification_type, h.message);
    case 'Stop':
      return { state: 'idle', message: null };
    case 'SessionStart':
      // After a compaction the session goes on where it was (it may be mid-turn).
      return h.source === 'compact' ? {} : { state: 'idle', message: null };
    case 'SessionEnd':
      return { state: 'ended', message: h.reason ? `ended: ${h.reason}` : null };
    case 'PreCompact':
      return {};
  }
}

/**
 * A notification: a permission prompt or an MCP elicitation waits for the user, an idle
 * prompt means the turn is over. Versions without `notification_type` are read by their text.
 */
function notificationSignal(type: string | undefined, message: string | undefined): Signal | undefined {
  const text = message?.slice(0, 500) ?? null;
  const kind = type ?? (/needs your permission/i.test(message ?? '') ? 'permission_prompt' : /waiting for your input/i.test(message ?? '') ? 'idle_prompt' : undefined);
  if (kind === 'permission_prompt' || kind === 'elicitation_dialog') return { state: 'needs_input', message: text ?? 'Claude needs your input' };
  if (kind === 'idle_prompt') return { state: 'idle', message: text };
  return {};
}

/** A tool call of a PostToolUse / PostToolUseFailure hook, keyed as the transcript keys its tool_use block (counted once). */
export function hookToolCall(body: ClaudeHookBody, ts: number): EventOf<'tool_call'> | undefined {
  if (!isKnownHook(body)) return undefined;
  const h = body as HookEvent;
  if (h.hook_event_name !== 'PostToolUse' && h.hook_event_name !== 'PostToolUseFailure') return undefined;
  // Without an id it cannot be told from the transcript's record of the same call: the transcript counts it.
  if (!h.tool_use_id) return undefined;
  return storedEvent({
    type: 'tool_call',
    ts,
    agent: CLAUDE_CODE,
    tool: h.tool_name,
    sessionId: h.session_id,
    project: h.cwd ?? null,
    success: h.hook_event_name === 'PostToolUse',
    durationMs: h.duration_ms ?? null,
    callId: `claude:${h.tool_use_id}`,
  });
}

const COMMON = new Set(['session_id', 'transcript_path', 'cwd', 'permission_mode', 'hook_event_name']);
const length = (v: unknown): number => (v === undefined ? 0 : typeof v === 'string' ? v.length : JSON.stringify(v).length);

/**
 * What is kept of a hook (table `hook_events`). By default no prompt, tool input or output:
 * the tool's name, the file path of a file tool, the first word of a command, lengths, and
 * the fields that are not content (notification type and text, ids, reasons, durations).
 * With `storeContent` (MONITORING_HOOKS_STORE_CONTENT=on) the event's own fields are kept whole.
 */
export function hookDetail(body: ClaudeHookBody, storeContent: boolean): { tool: string | null; detail: Record<string, unknown> } {
  const b = body as Record<string, unknown>;
  const tool = typeof b.tool_name === 'string' ? b.tool_name : null;
  const detail: Record<string, unknown> = {};
  for (const key of ['agent_id', 'agent_type', 'permission_mode', 'notification_type', 'message', 'title', 'source', 'reason', 'model', 'tool_use_id', 'duration_ms', 'is_interrupt', 'trigger']) {
    if (b[key] !== undefined) detail[key] = b[key];
  }
  const input = b.tool_input as Record<string, unknown> | undefined;
  if (tool && input && typeof input === 'object') {
    const pathKey = FILE_TOOLS[tool];
    if (pathKey && typeof input[pathKey] === 'string') detail.file = input[pathKey];
    if (tool === 'Bash' && typeof input.command === 'string') detail.command = input.command.trim().split(/\s+/)[0] ?? '';
  }
  if (b.tool_input !== undefined) detail.input_chars = length(b.tool_input);
  if (b.tool_response !== undefined) detail.response_chars = length(b.tool_response);
  if (b.prompt !== undefined) detail.prompt_chars = length(b.prompt);
  if (b.error !== undefined) detail.error_chars = length(b.error);
  if (storeContent) {
    const content: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(b)) if (!COMMON.has(key)) content[key] = value;
    detail.content = content;
  }
  return { tool, detail };
}
