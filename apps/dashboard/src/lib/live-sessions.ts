import type { LiveSession, LiveState } from '@amiga/protocol';

/** The panel's order of states: who needs the user first. */
const RANK: Record<LiveState, number> = { needs_input: 0, working: 1, idle: 2, stale: 3, ended: 4 };

/** Sessions needing input first (the longest waiting first), then working, idle, stale, ended (the most recent first within each). */
export function orderLive(sessions: readonly LiveSession[]): LiveSession[] {
  return [...sessions].sort((a, b) => {
    const byState = RANK[a.state] - RANK[b.state];
    if (byState !== 0) return byState;
    if (a.state === 'needs_input') return a.since - b.since || a.session_id.localeCompare(b.session_id);
    return b.last_event_at - a.last_event_at || a.session_id.localeCompare(b.session_id);
  });
}

/** Seconds as `45s`, `12m`, `3h 5m`: how long a session has waited. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** The last part of a working folder (`/home/dev/shop` → `shop`), or the start of the session id. */
export function sessionLabel(s: Pick<LiveSession, 'project' | 'session_id'>): string {
  const name = s.project?.split(/[\\/]/).filter(Boolean).at(-1);
  return name ?? s.session_id.slice(0, 12);
}

/** The page title: the count of sessions waiting for the user first, when there are any. */
export function titleWith(waiting: number, base: string): string {
  return waiting > 0 ? `(${waiting}) ${base}` : base;
}

/** Ids of sessions that need input now and did not before. */
export function newlyWaiting(before: ReadonlySet<string>, sessions: readonly LiveSession[]): LiveSession[] {
  return sessions.filter((s) => s.state === 'needs_input' && !before.has(s.session_id));
}
