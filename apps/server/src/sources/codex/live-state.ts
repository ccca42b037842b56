import { asObject, toSeconds } from '../json-value.js';
import { codexLiveWrite } from '../../live/codex-states.js';
import { LIVE_LISTED_SECONDS } from '../../live/live-sessions.js';
import type { LiveWrite } from '../../store/live.js';
import type { CodexRolloutReader } from './rollout-reader.js';

/**
 * The live-state write of one rollout line (read after the reader took it), or undefined.
 *
 * Codex persists to its rollouts the `event_msg` types `task_started` (a turn began),
 * `user_message`, `task_complete`, `turn_aborted` and the ends of patch and MCP calls
 * (codex-rs `should_persist_event_msg`); approval requests are not written to the file, so a
 * Codex session read from its rollout is `working` or `idle`, never `needs_input`.
 *
 * Left out: lines of a replayed parent history (the parent's states, not this thread's); a
 * subagent thread (its turns are part of its parent's work, as with Claude's subagents, and its
 * end must not mark the parent idle); lines older than the live list keeps (`LIVE_LISTED_SECONDS`),
 * so reading months of old rollouts writes no live rows.
 */
export function liveWriteOf(line: Record<string, unknown>, reader: CodexRolloutReader, now: number): LiveWrite | undefined {
  if (line.type !== 'event_msg' || reader.inReplay || reader.isSubagent) return undefined;
  const payload = asObject(line.payload);
  const ts = toSeconds(line.timestamp);
  if (!payload || ts === undefined || ts < now - LIVE_LISTED_SECONDS) return undefined;
  return codexLiveWrite(payload, { sessionId: reader.sessionId, project: reader.project, ts });
}
