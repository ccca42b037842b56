import type { CodexRateLimitRecord } from '../sources/codex/rollout-reader.js';
import type { LimitObservation } from './limits-service.js';
import { FIVE_HOURS_MIN, SEVEN_DAYS_MIN } from './windows.js';

export const CODEX_AGENT = 'codex';

/**
 * The limit observations of a Codex `token_count` line's `rate_limits`: the primary window
 * (300 minutes) is `5h`, the secondary (10,080 minutes) `7d`; a window that gives no length
 * takes its slot's usual one. Observed at the line's own time, so the newest line wins
 * whatever order the session files are read in.
 */
export function codexLimitObservations(record: CodexRateLimitRecord, machine?: string): LimitObservation[] {
  const slots = [
    [record.primary, FIVE_HOURS_MIN],
    [record.secondary, SEVEN_DAYS_MIN],
  ] as const;
  return slots.flatMap(([w, usual]) =>
    w
      ? [
          {
            agent: CODEX_AGENT,
            window_minutes: w.window_minutes ?? usual,
            used_percent: w.used_percent,
            resets_at: w.resets_at,
            source: 'codex',
            observed_at: record.ts,
            ...(machine === undefined ? {} : { machine }),
          },
        ]
      : [],
  );
}
