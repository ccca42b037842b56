import type { StatusLineBody } from '@amiga/protocol';
import type { LimitReport, LimitsWrite, StatusLineSession } from '../store/limits.js';
import { FIVE_HOURS_MIN, resetSeconds, SEVEN_DAYS_MIN, windowName } from './windows.js';

/** The agent a Claude Code status line reports for. */
export const CLAUDE_AGENT = 'claude-code';
/** The `source` of limits read from a status line. */
export const STATUSLINE_SOURCE = 'statusline';

const finiteOrNull = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const intOrNull = (v: number | null | undefined): number | null => {
  const n = finiteOrNull(v);
  return n === null ? null : Math.round(n);
};

/**
 * What one status line records: its rate-limit windows (when present: subscribers only, after
 * the session's first response) and its session's figures (when it names a session).
 */
export function statusLineWrite(body: StatusLineBody, machine: string, now: number): LimitsWrite {
  const limits: LimitReport[] = [];
  const windows = [
    [body.rate_limits?.five_hour, FIVE_HOURS_MIN],
    [body.rate_limits?.seven_day, SEVEN_DAYS_MIN],
  ] as const;
  for (const [w, minutes] of windows) {
    const used = finiteOrNull(w?.used_percentage);
    if (used === null) continue;
    limits.push({
      agent: CLAUDE_AGENT,
      window: windowName(minutes),
      windowMinutes: minutes,
      usedPercent: Math.max(0, used),
      resetsAt: resetSeconds(w?.resets_at),
      source: STATUSLINE_SOURCE,
      machine,
      observedAt: now,
    });
  }
  const sessions: StatusLineSession[] = [];
  const sessionId = body.session_id?.trim();
  if (sessionId) {
    sessions.push({
      sessionId,
      machine,
      agent: CLAUDE_AGENT,
      model: body.model?.id ?? null,
      modelName: body.model?.display_name ?? null,
      project: body.workspace?.project_dir ?? body.workspace?.current_dir ?? body.cwd ?? null,
      costUsd: finiteOrNull(body.cost?.total_cost_usd),
      durationMs: finiteOrNull(body.cost?.total_duration_ms),
      linesAdded: intOrNull(body.cost?.total_lines_added),
      linesRemoved: intOrNull(body.cost?.total_lines_removed),
      contextUsedPercent: contextUsed(body),
      contextWindowSize: intOrNull(body.context_window?.context_window_size),
      version: body.version ?? null,
      updatedAt: now,
    });
  }
  return { limits, sessions };
}

/** The context window's use in percent: as Claude Code computed it, else from its remaining share; null when neither is given. */
export function contextUsed(body: StatusLineBody): number | null {
  const used = finiteOrNull(body.context_window?.used_percentage);
  if (used !== null) return used;
  const remaining = finiteOrNull(body.context_window?.remaining_percentage);
  return remaining === null ? null : 100 - remaining;
}
