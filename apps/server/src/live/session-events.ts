import type { SessionStateEvent } from '@amiga/protocol';
import type { LiveChange, LiveRow } from '../store/live.js';
import { isVisibleChange } from './transition.js';

/** The `session_state` payload of a row written. */
export function sessionStateOf(previous: LiveRow | null, next: LiveRow): SessionStateEvent {
  return {
    session_id: next.sessionId,
    agent: next.agent,
    project: next.project,
    state: next.state,
    previous: previous?.state ?? null,
    since: next.since,
    tool: next.tool,
    message: next.message,
  };
}

/** The `session_state` events of a commit's live changes: those whose state, tool or message changed, in commit order. */
export function sessionStateEvents(changes: readonly LiveChange[]): SessionStateEvent[] {
  return changes.filter((c) => isVisibleChange(c.previous, c.next)).map((c) => sessionStateOf(c.previous, c.next));
}
