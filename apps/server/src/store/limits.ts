/**
 * What the store keeps for plan limits (issue 16): the newest report of each limit window per
 * agent, window and machine, the status line's per-session figures, and the requests' usage
 * points that 5-hour blocks are made of.
 */

/** One observation of a limit window, from a status line or a source (see LimitsService.report). */
export interface LimitReport {
  agent: string;
  /** `5h`, `7d` or `<minutes>m` (see limits/windows.ts). */
  window: string;
  windowMinutes: number;
  /** Share used, as reported (may exceed 100). */
  usedPercent: number;
  /** Unix seconds, or null when the source did not say. */
  resetsAt: number | null;
  /** `statusline`, `codex`, … */
  source: string;
  machine: string;
  /** When it was observed (Unix seconds): a report older than the one kept is ignored. */
  observedAt: number;
}

/** The latest status line of one session on one machine. */
export interface StatusLineSession {
  sessionId: string;
  machine: string;
  agent: string;
  model: string | null;
  modelName: string | null;
  project: string | null;
  costUsd: number | null;
  durationMs: number | null;
  linesAdded: number | null;
  linesRemoved: number | null;
  contextUsedPercent: number | null;
  contextWindowSize: number | null;
  version: string | null;
  updatedAt: number;
}

export interface LimitsWrite {
  limits: readonly LimitReport[];
  sessions: readonly StatusLineSession[];
}

export interface LimitsData {
  limits: LimitReport[];
  sessions: StatusLineSession[];
}

/** One API request as blocks count it. */
export interface UsagePoint {
  ts: number;
  agent: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}
