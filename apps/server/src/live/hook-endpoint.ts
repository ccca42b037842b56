import { claudeHookBody, wellFormed } from '@amiga/protocol';
import type { Endpoint } from '../ingest/ingest-service.js';
import { CLAUDE_CODE, hookDetail, hookSignal, hookToolCall } from './claude-hooks.js';
import { nextLiveRow } from './transition.js';

/** The 400 message of a hook body the schema refuses. */
function describeHookError(body: unknown, issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const first = issues[0];
  if (!first) return 'invalid hook event';
  if (first.path.length === 0) return first.message;
  const field = first.path.map(String).join('.');
  const missing = body !== null && typeof body === 'object' && !(String(first.path[0]) in body);
  return missing ? `${field} is required (a Claude Code hook event carries session_id and hook_event_name)` : `${field}: ${first.message}`;
}

/**
 * `POST /api/hooks/claude-code`: one Claude Code hook event. Its session's live state moves
 * (live/transition.ts) and the hook is logged (content only with `storeContent`), in one
 * transaction with the tool call a PostToolUse / PostToolUseFailure reports. An event of a
 * name it does not know is accepted and nothing is written.
 */
export function claudeHookEndpoint(storeContent: boolean): Endpoint<typeof claudeHookBody, Record<string, never>> {
  return {
    via: 'hooks',
    schema: claudeHookBody,
    describe: describeHookError,
    build: (received, { now }) => {
      // A lone surrogate (valid JSON, not UTF-8) would come back from the store as other characters.
      const hook = { ...received, session_id: wellFormed(received.session_id) };
      const signal = hookSignal(hook);
      if (signal === undefined) return { events: [], value: () => ({}) };
      const call = hookToolCall(hook, now);
      const { tool, detail } = hookDetail(hook, storeContent);
      const full = { ...signal, sessionId: hook.session_id, agent: CLAUDE_CODE, project: hook.cwd ?? null, ts: now };
      return {
        events: call ? [call] : [],
        options: {
          live: {
            kind: 'apply',
            sessionId: hook.session_id,
            next: (previous) => nextLiveRow(previous, full),
            log: { ts: now, sessionId: hook.session_id, event: hook.hook_event_name, tool, detail: JSON.stringify(detail) },
          },
        },
        value: () => ({}),
      };
    },
  };
}
