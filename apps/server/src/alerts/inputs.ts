/**
 * What the alert evaluator reads besides the store: the live state of agent sessions (issue 15)
 * and plan limits (issue 16). Those features register a provider at start-up
 * (`AlertService.provide`); a rule whose provider is missing is reported in health, not evaluated.
 */

/** A session waiting for its user (a permission prompt, a question). */
export interface WaitingSession {
  sessionId: string;
  /** Since when it waits, Unix seconds. */
  waitingSince: number;
  agent?: string | null;
  project?: string | null;
  machine?: string | null;
  /** What it waits for (`permission: Bash`, `question`), as the live state says it. */
  reason?: string | null;
}

/** Live session state (issue 15): the sessions waiting for input now. */
export interface LiveSessionsProvider {
  waitingSessions(): WaitingSession[] | Promise<WaitingSession[]>;
}

/** One plan limit's window now (issue 16): `5h`, `weekly`, …, of one agent. */
export interface LimitWindow {
  agent: string;
  /** The window's name as the limits feature reports it (`5h`, `weekly`, `weekly_opus`). */
  window: string;
  /** Used share of the limit now, 0..100 (may pass 100). */
  usedPercent: number;
  /** Share used at the window's reset at the current pace, or null when not known. */
  projectedPercent?: number | null;
  /** When the window resets, Unix seconds, or null. */
  resetsAt?: number | null;
  /** The machine that reported it (limits are per agent, window and machine), or null when per agent. */
  machine?: string | null;
}

/** Plan limits (issue 16). */
export interface LimitsProvider {
  limitWindows(): LimitWindow[] | Promise<LimitWindow[]>;
}

export interface AlertInputs {
  live?: LiveSessionsProvider;
  limits?: LimitsProvider;
}
