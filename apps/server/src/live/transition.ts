import type { LiveState } from '@amiga/protocol';
import type { LiveRow } from '../store/live.js';

/**
 * What one event says about a session, whoever reported it (a Claude Code hook, a Codex
 * rollout line). Fields left undefined say nothing: the session keeps what it had.
 */
export interface LiveSignal {
  sessionId: string;
  agent: string;
  project: string | null;
  /** When it was heard, Unix seconds. */
  ts: number;
  /** The state the event puts the session in; none: it stays (a stale session wakes up as working). */
  state?: LiveState;
  /** The tool being run or asked about; null: none any more. */
  tool?: string | null;
  /** Why (a notification's text); null clears it. */
  message?: string | null;
  /** A message used only when the session has none in its (new) state: a permission request's own wording, which a notification's text replaces. */
  fallbackMessage?: string;
  subagentStart?: { id: string; type: string | null };
  subagentStop?: string;
}

/** States in which a session has a current tool. */
const TOOL_STATES: ReadonlySet<LiveState> = new Set(['working', 'needs_input']);

/**
 * The state machine of a session: its next row after `signal`, from its stored row (null:
 * first seen). Pure. `since` moves only when the state changes; the tool and subagents are
 * dropped when a session stops working; an ended session stays ended unless an event
 * names a new state (a resumed session starts again).
 */
export function nextLiveRow(previous: LiveRow | null, signal: LiveSignal): LiveRow {
  const prevState = previous?.state;
  const state: LiveState = signal.state ?? (prevState === undefined || prevState === 'stale' ? 'working' : prevState);
  const changed = state !== prevState;
  const active = TOOL_STATES.has(state);

  let subagents = active ? [...(previous?.subagents ?? [])] : [];
  if (signal.subagentStart && !subagents.some((a) => a.id === signal.subagentStart?.id)) subagents.push(signal.subagentStart);
  if (signal.subagentStop !== undefined) subagents = subagents.filter((a) => a.id !== signal.subagentStop);

  const keptTool = changed && !active ? null : (previous?.tool ?? null);
  const tool = active ? (signal.tool === undefined ? keptTool : signal.tool) : null;

  const keptMessage = changed ? null : (previous?.message ?? null);
  let message = signal.message === undefined ? keptMessage : signal.message;
  if (message === null && signal.fallbackMessage !== undefined) message = signal.fallbackMessage;

  return {
    sessionId: signal.sessionId,
    agent: previous?.agent ?? signal.agent,
    project: previous?.project ?? signal.project,
    state,
    since: changed || previous === null ? signal.ts : previous.since,
    tool,
    message,
    subagents,
    lastEventAt: Math.max(previous?.lastEventAt ?? 0, signal.ts),
  };
}

/** Whether a change is worth a `session_state` event: the state, the tool or the message changed (not only the time of the last event). */
export function isVisibleChange(previous: LiveRow | null, next: LiveRow): boolean {
  return previous === null || previous.state !== next.state || previous.tool !== next.tool || previous.message !== next.message;
}
