import { z } from 'zod';
import { unixSeconds } from './common.js';

/**
 * Live session state (from Claude Code's hooks, and Codex's rollouts where they say so):
 * `working` (a prompt, a tool call or a subagent under way), `needs_input` (a permission
 * prompt or request is waiting for the user), `idle` (waiting for the next prompt),
 * `stale` (working, but nothing heard for MONITORING_STALE_SESSION_MINUTES), `ended`.
 */
export const LIVE_STATES = ['working', 'needs_input', 'idle', 'stale', 'ended'] as const;
export const liveState = z.enum(LIVE_STATES);
export type LiveState = z.infer<typeof liveState>;

/** Sessions listed in a snapshot's `live` section (most recent event first); `counts` count every listed session. */
export const LIVE_SESSIONS_LIMIT = 50;
/** How long an ended session stays listed, in seconds. */
export const LIVE_ENDED_SECONDS = 600;

/** A subagent running inside a session (Claude Code's `agent_id` and `agent_type`). */
export const liveSubagent = z.object({ id: z.string(), type: z.string().nullable() });

export const liveSession = z.object({
  session_id: z.string(),
  /** `claude-code`, `codex`, … */
  agent: z.string(),
  /** The session's working folder (its `cwd`), or null when not known. */
  project: z.string().nullable(),
  state: liveState,
  /** When the session entered `state`. */
  since: unixSeconds,
  /** The tool being run (or waiting for permission), while working or needing input. */
  tool: z.string().nullable(),
  /** Why: the notification's message while needing input (`Claude needs your permission to use Bash`), or the last one. */
  message: z.string().nullable(),
  subagents: z.array(liveSubagent),
  last_event_at: unixSeconds,
});
export type LiveSession = z.infer<typeof liveSession>;

export const liveCounts = z.object({
  working: z.number().int().nonnegative(),
  needs_input: z.number().int().nonnegative(),
  idle: z.number().int().nonnegative(),
  stale: z.number().int().nonnegative(),
  ended: z.number().int().nonnegative(),
});
export type LiveCounts = z.infer<typeof liveCounts>;

/** The snapshot's `live` section (and the `live` topic): sessions newest first, capped at LIVE_SESSIONS_LIMIT. */
export const live = z.object({ counts: liveCounts, sessions: z.array(liveSession) });
export type Live = z.infer<typeof live>;

/**
 * `session_state`, to the `sessions` room at once (not throttled): a session's state, tool or
 * message changed. `previous` is the state before (null for a session first seen; equal to
 * `state` when only the tool or the message changed).
 */
export const sessionStatePayload = z.object({
  session_id: z.string(),
  agent: z.string(),
  project: z.string().nullable(),
  state: liveState,
  previous: liveState.nullable(),
  since: unixSeconds,
  tool: z.string().nullable(),
  message: z.string().nullable(),
});
export type SessionStateEvent = z.infer<typeof sessionStatePayload>;
