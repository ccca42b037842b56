/** How the recent-tasks table shows a task's linked sessions (issue 17 §3). */

/** Sessions linked per row before the rest is summed up as "+N". */
export const TASK_SESSIONS_SHOWN = 3;

/** The sessions shown as links (the first few, in the order given) and how many more there are. */
export function shownSessions(ids: readonly string[] | undefined, max = TASK_SESSIONS_SHOWN): { shown: string[]; more: number } {
  const all = ids ?? [];
  return { shown: all.slice(0, max), more: Math.max(0, all.length - max) };
}

/** A session id short enough for a table cell (its first 8 characters). */
export const shortSessionId = (id: string): string => (id.length > 9 ? `${id.slice(0, 8)}…` : id);
