import type { LimitEntry } from '@amiga/protocol';
import type { LimitReport } from '../store/limits.js';

/**
 * The snapshot's `limits`: the newest report per agent, window and machine (the store keeps only
 * that one); a window whose reset time has passed is shown as reset (0% used), not as the stale figure.
 */
export function limitEntries(reports: readonly LimitReport[], now: number): LimitEntry[] {
  return reports.map((r) => {
    const reset = r.resetsAt !== null && r.resetsAt <= now;
    return {
      agent: r.agent,
      window: r.window,
      used_percent: reset ? 0 : Math.round(r.usedPercent * 100) / 100,
      resets_at: r.resetsAt,
      source: r.source,
      updated_at: r.observedAt,
      machine: r.machine,
      reset,
      window_minutes: r.windowMinutes,
    };
  });
}
