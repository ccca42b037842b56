import type { LiveState } from '@amiga/protocol';

/**
 * Live session state as the store keeps it (table `live_sessions`, one row per session),
 * and the writes that change it. The transitions are pure (live/transition.ts); the store
 * runs them inside the batch's transaction on the row it holds locked, so two nodes
 * sharing the database never compute a state from a stale row.
 */
export interface LiveRow {
  sessionId: string;
  agent: string;
  project: string | null;
  state: LiveState;
  /** When the session entered `state`, Unix seconds. */
  since: number;
  tool: string | null;
  message: string | null;
  subagents: Array<{ id: string; type: string | null }>;
  lastEventAt: number;
}

/** One received hook (table `hook_events`): what it was, and its details as JSON (content only when configured). */
export interface HookLogRow {
  ts: number;
  sessionId: string;
  event: string;
  tool: string | null;
  detail: string;
}

/** A change of live state to write with a batch (IngestOptions.live). */
export type LiveWrite =
  /** A session's next row from its stored one (null: not seen before); `next` returning null leaves it as it is. */
  | { kind: 'apply'; sessionId: string; next(previous: LiveRow | null): LiveRow | null; log?: HookLogRow }
  /** Working sessions whose last event is before `staleBefore` become stale at `now`. */
  | { kind: 'sweep'; staleBefore: number; now: number };

/** The writes of a batch's `live` option, in order (one write or several). */
export function liveWrites(live: LiveWrite | readonly LiveWrite[]): readonly LiveWrite[] {
  return Array.isArray(live) ? live : [live as LiveWrite];
}

/** A row written: its state before (null for a new session) and after. */
export interface LiveChange {
  previous: LiveRow | null;
  next: LiveRow;
}

export interface LiveQuery {
  /** Sessions whose last event is at or after this are listed (Unix seconds). */
  since: number;
  /** Ended sessions are listed while they ended at or after this. */
  endedSince: number;
  limit: number;
}

export interface LiveList {
  /** Newest last event first, at most `limit`. */
  sessions: LiveRow[];
  /** Every listed session (not only the first `limit`), by state. */
  counts: Record<LiveState, number>;
}

/** The columns of a live row, as the stores select them. */
export const LIVE_COLUMNS = 'session_id, agent, project, state, since, tool, message, subagents, last_event_at';

export interface LiveDbRow {
  session_id: string;
  agent: string;
  project: string | null;
  state: string;
  since: number;
  tool: string | null;
  message: string | null;
  subagents: string;
  last_event_at: number;
}

export function fromDbRow(r: LiveDbRow): LiveRow {
  let subagents: LiveRow['subagents'] = [];
  try {
    const parsed: unknown = JSON.parse(r.subagents);
    if (Array.isArray(parsed)) subagents = parsed as LiveRow['subagents'];
  } catch {
    subagents = [];
  }
  return {
    sessionId: r.session_id,
    agent: r.agent,
    project: r.project,
    state: r.state as LiveState,
    since: r.since,
    tool: r.tool,
    message: r.message,
    subagents,
    lastEventAt: r.last_event_at,
  };
}

/** A row's fields by their column (and wire) names, all but the subagents. */
export function liveFields(r: LiveRow): Omit<LiveDbRow, 'subagents'> {
  return {
    session_id: r.sessionId,
    agent: r.agent,
    project: r.project,
    state: r.state,
    since: r.since,
    tool: r.tool,
    message: r.message,
    last_event_at: r.lastEventAt,
  };
}

export function toDbRow(r: LiveRow): LiveDbRow {
  return { ...liveFields(r), subagents: JSON.stringify(r.subagents) };
}

export const emptyCounts = (): Record<LiveState, number> => ({ working: 0, needs_input: 0, idle: 0, stale: 0, ended: 0 });
