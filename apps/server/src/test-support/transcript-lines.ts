/**
 * Builders of Claude Code transcript lines in their real shape, for tests and the benchmark.
 * One API response becomes one line per content block, repeating message id, request id and
 * usage; lines before the last carry a smaller, streaming `output_tokens`.
 */

export interface ResponseSpec {
  messageId: string;
  requestId: string;
  model: string;
  sessionId: string;
  cwd: string;
  /** ISO 8601. */
  timestamp: string;
  input: number;
  output: number;
  cacheWrite?: number;
  cacheWrite1h?: number;
  cacheRead?: number;
  /** Text blocks before the tool calls (at least one block is written in all). */
  texts?: string[];
  tools?: Array<{ id: string; name: string }>;
  /** `output_tokens` on every line but the last. Default 1. */
  streamingOutput?: number;
}

export function responseLines(r: ResponseSpec): string[] {
  const blocks: unknown[] = [
    ...(r.texts ?? (r.tools?.length ? [] : ['Done.'])).map((text) => ({ type: 'text', text })),
    ...(r.tools ?? []).map((t) => ({ type: 'tool_use', id: t.id, name: t.name, input: { note: 'fixture' } })),
  ];
  return blocks.map((block, i) => {
    const last = i === blocks.length - 1;
    return JSON.stringify({
      parentUuid: null,
      isSidechain: false,
      userType: 'external',
      cwd: r.cwd,
      sessionId: r.sessionId,
      version: '2.0.14',
      gitBranch: 'main',
      message: {
        id: r.messageId,
        type: 'message',
        role: 'assistant',
        model: r.model,
        content: [block],
        stop_reason: last ? 'end_turn' : null,
        stop_sequence: null,
        usage: {
          input_tokens: r.input,
          cache_creation_input_tokens: r.cacheWrite ?? 0,
          cache_read_input_tokens: r.cacheRead ?? 0,
          cache_creation: {
            ephemeral_5m_input_tokens: (r.cacheWrite ?? 0) - (r.cacheWrite1h ?? 0),
            ephemeral_1h_input_tokens: r.cacheWrite1h ?? 0,
          },
          output_tokens: last ? r.output : (r.streamingOutput ?? 1),
          service_tier: 'standard',
        },
      },
      requestId: r.requestId,
      type: 'assistant',
      uuid: `${r.messageId}-${i}`,
      timestamp: r.timestamp,
    });
  });
}

/** A user line (a prompt, or tool results whose text can be long). */
export function userLine(sessionId: string, cwd: string, timestamp: string, text: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd,
    sessionId,
    version: '2.0.14',
    type: 'user',
    message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: text }] },
    uuid: `u-${timestamp}`,
    timestamp,
  });
}

/** Lines of types the reader skips. */
export const otherLines = {
  summary: JSON.stringify({ type: 'summary', summary: 'Fixture session', leafUuid: 'x' }),
  system: JSON.stringify({ type: 'system', subtype: 'compact_boundary', content: 'Conversation compacted', timestamp: '2025-10-01T00:00:00.000Z' }),
  fileHistory: JSON.stringify({ type: 'file-history-snapshot', messageId: 'm', snapshot: { trackedFileBackups: {} } }),
};
