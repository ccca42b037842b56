import { asObject, finite, str } from '../json-value.js';

/** How the model called the tool (the `response_item` payload type). */
export type CodexCallType = 'function_call' | 'custom_tool_call' | 'local_shell_call';

export interface CodexToolCallItem {
  call_id: string;
  name: string;
  call_type: CodexCallType;
}

export interface CodexToolOutputItem {
  call_id: string;
  /** True or false when the output says how the call ended, null when it does not. */
  success: boolean | null;
  /** A shell command's exit code when the output carries one. */
  exit_code: number | null;
}

/**
 * A tool call among `response_item` payloads (codex-rs/protocol/src/models.rs, `ResponseItem`):
 * `function_call { name, arguments, call_id }`, `custom_tool_call { name, input, call_id }`
 * (freeform tools such as apply_patch), `local_shell_call { call_id, status, action }`.
 */
export function readToolCall(payload: Record<string, unknown>): CodexToolCallItem | undefined {
  const type = payload.type;
  if (type !== 'function_call' && type !== 'custom_tool_call' && type !== 'local_shell_call') return undefined;
  const callId = str(payload.call_id) ?? str(payload.id);
  if (!callId) return undefined;
  const name = type === 'local_shell_call' ? 'local_shell' : (str(payload.name) ?? 'unknown');
  return { call_id: callId, name, call_type: type };
}

/**
 * A tool's output: `function_call_output { call_id, output }` or `custom_tool_call_output`.
 * Upstream serialises `FunctionCallOutputPayload` as the bare content (a string, or an array of
 * content items) and drops its `success` flag (models.rs, `impl Serialize for
 * FunctionCallOutputPayload`), so success is read from what the content says:
 * - the shell tool's JSON `{"output": …, "metadata": {"exit_code": N}}`,
 * - the formatted form "Exit code: N\nWall time: …" or "Process exited with code N",
 * - an object form `{ content, success }` (older writers).
 * Anything else leaves success unknown (null) rather than guessed.
 */
export function readToolOutput(payload: Record<string, unknown>): CodexToolOutputItem | undefined {
  if (payload.type !== 'function_call_output' && payload.type !== 'custom_tool_call_output') return undefined;
  const callId = str(payload.call_id);
  if (!callId) return undefined;
  return { call_id: callId, ...outcome(payload.output) };
}

/** Outcome of an `exec_command_end` event (exit_code) when a rollout persists one. */
export function readExecEnd(payload: Record<string, unknown>): CodexToolOutputItem | undefined {
  const callId = str(payload.call_id);
  const code = finite(payload.exit_code);
  if (!callId || code === undefined) return undefined;
  return { call_id: callId, success: code === 0, exit_code: code };
}

const EXIT_TEXT = /^(?:Exit code: (-?\d+)|Process exited with code (-?\d+))/m;

function outcome(output: unknown): { success: boolean | null; exit_code: number | null } {
  const o = asObject(output);
  if (o) {
    if (typeof o.success === 'boolean') return { success: o.success, exit_code: null };
    return outcome(o.content);
  }
  if (typeof output !== 'string') return { success: null, exit_code: null };
  if (output.startsWith('{')) {
    try {
      const metadata = asObject(asObject(JSON.parse(output))?.metadata);
      const code = finite(metadata?.exit_code);
      if (code !== undefined) return { success: code === 0, exit_code: code };
    } catch {
      // not JSON: read it as text below
    }
  }
  const m = EXIT_TEXT.exec(output.slice(0, 500));
  if (m) {
    const code = Number(m[1] ?? m[2]);
    return { success: code === 0, exit_code: code };
  }
  return { success: null, exit_code: null };
}
