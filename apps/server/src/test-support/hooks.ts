import { API_PATHS } from '@amiga/protocol';
import type { App } from '../app.js';

/** POSTs a hook event to the Claude Code hooks receiver, as Claude Code's HTTP hook does. */
export function postHook(target: App | string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${typeof target === 'string' ? target : target.url}${API_PATHS.hooksClaudeCode}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** Hook events of one session, with the common fields Claude Code sends. */
export function claudeSession(sessionId: string, cwd = '/home/dev/shop') {
  const common = { session_id: sessionId, transcript_path: `/home/dev/.claude/projects/-home-dev-shop/${sessionId}.jsonl`, cwd, permission_mode: 'default' };
  return {
    start: (source = 'startup') => ({ ...common, hook_event_name: 'SessionStart', source, model: 'claude-sonnet-4-5' }),
    prompt: (prompt: string) => ({ ...common, hook_event_name: 'UserPromptSubmit', prompt }),
    preTool: (tool: string, input: Record<string, unknown>, id: string) => ({ ...common, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: id }),
    postTool: (tool: string, input: Record<string, unknown>, id: string, durationMs = 120) => ({
      ...common,
      hook_event_name: 'PostToolUse',
      tool_name: tool,
      tool_input: input,
      tool_response: { stdout: 'ok', stderr: '', interrupted: false },
      tool_use_id: id,
      duration_ms: durationMs,
    }),
    toolFailed: (tool: string, input: Record<string, unknown>, id: string) => ({
      ...common,
      hook_event_name: 'PostToolUseFailure',
      tool_name: tool,
      tool_input: input,
      tool_use_id: id,
      error: 'Exit code 1',
      is_interrupt: false,
      duration_ms: 40,
    }),
    permission: (tool: string) => ({
      ...common,
      hook_event_name: 'Notification',
      message: `Claude needs your permission to use ${tool}`,
      title: 'Claude Code',
      notification_type: 'permission_prompt',
    }),
    idlePrompt: () => ({ ...common, hook_event_name: 'Notification', message: 'Claude is waiting for your input', notification_type: 'idle_prompt' }),
    subagentStart: (agentId: string, type: string) => ({ ...common, hook_event_name: 'SubagentStart', agent_id: agentId, agent_type: type }),
    subagentStop: (agentId: string, type: string) => ({
      ...common,
      hook_event_name: 'SubagentStop',
      agent_id: agentId,
      agent_type: type,
      stop_hook_active: false,
      agent_transcript_path: `/home/dev/.claude/projects/-home-dev-shop/${sessionId}/subagents/agent-${agentId}.jsonl`,
    }),
    stop: () => ({ ...common, hook_event_name: 'Stop', stop_hook_active: false }),
    end: (reason = 'prompt_input_exit') => ({ ...common, hook_event_name: 'SessionEnd', reason }),
  };
}
