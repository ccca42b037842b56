import type { LiveWrite } from '../store/live.js';
import { nextLiveRow, type LiveSignal } from './transition.js';

type Signal = Omit<LiveSignal, 'sessionId' | 'agent' | 'project' | 'ts'>;

/**
 * What a Codex rollout `event_msg` line says about its session's state, by its payload's
 * `type` (codex-rs/protocol/src/protocol.rs, EventMsg, serialized snake_case): a turn
 * started, an approval requested, a command run, the turn ended or was aborted. Undefined:
 * nothing (most types: token counts, reasoning, messages). Only the types Codex writes to
 * its rollout files reach a reader; approvals and command begins are mapped for producers
 * that see the live event stream too.
 *
 * Hook point for the Codex source: for each event_msg line with a signal, write
 * `ctx.ingest(events, { live: { kind: 'apply', sessionId, next: (prev) => nextLiveRow(prev, { ...signal, sessionId, agent: 'codex', project: cwd, ts }) } })`
 * (or `codexLiveWrite` below), in the same batch as the line's events and cursor.
 */
export function codexSignal(payload: { type?: unknown; command?: unknown; reason?: unknown; message?: unknown }): Signal | undefined {
  switch (payload.type) {
    case 'task_started':
    case 'turn_started':
    case 'user_message':
      return { state: 'working', tool: null, message: null };
    case 'exec_command_begin':
      return { state: 'working', tool: 'shell' };
    case 'patch_apply_begin':
      return { state: 'working', tool: 'apply_patch' };
    case 'mcp_tool_call_begin':
      return { state: 'working', tool: 'mcp' };
    case 'exec_command_end':
    case 'patch_apply_end':
    case 'mcp_tool_call_end':
      return { state: 'working', tool: null };
    case 'exec_approval_request':
      return { state: 'needs_input', tool: 'shell', message: `Codex asks to run ${firstWord(payload.command) ?? 'a command'}` };
    case 'apply_patch_approval_request':
      return { state: 'needs_input', tool: 'apply_patch', message: 'Codex asks to apply a patch' };
    case 'request_user_input':
    case 'elicitation_request':
      return { state: 'needs_input', message: typeof payload.message === 'string' ? payload.message.slice(0, 500) : 'Codex needs your input' };
    case 'task_complete':
    case 'turn_complete':
      return { state: 'idle', message: null };
    case 'turn_aborted':
      return { state: 'idle', message: typeof payload.reason === 'string' ? `turn aborted: ${payload.reason}` : 'turn aborted' };
    case 'shutdown_complete':
      return { state: 'ended', message: null };
    default:
      return undefined;
  }
}

/** The first word of a command (Codex gives it as an argv array or a string); no arguments are kept. */
function firstWord(command: unknown): string | undefined {
  const text = Array.isArray(command) ? (command.find((part) => typeof part === 'string' && !/^(bash|sh|zsh|-lc|-c)$/.test(part)) as string | undefined) : command;
  return typeof text === 'string' ? text.trim().split(/\s+/)[0] : undefined;
}

/** The live write of a Codex event_msg line (IngestOptions.live), or undefined when its type says nothing about the state. */
export function codexLiveWrite(payload: Parameters<typeof codexSignal>[0], session: { sessionId: string; project: string | null; ts: number }): LiveWrite | undefined {
  const signal = codexSignal(payload);
  if (signal === undefined) return undefined;
  const full: LiveSignal = { ...signal, ...session, agent: 'codex' };
  return { kind: 'apply', sessionId: session.sessionId, next: (previous) => nextLiveRow(previous, full) };
}
