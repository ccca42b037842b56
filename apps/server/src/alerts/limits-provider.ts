import type { LimitsSection } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import { alertLimits } from '../limits/alerts.js';
import type { LimitsProvider } from './inputs.js';

/**
 * The plan limits (issue 16) for `limit_over` and `limit_projected`: the `limits` section the
 * snapshot shows (the store's newest reports, and the 5-hour blocks), read at each evaluation.
 * A status line or a Codex reading is a commit, so it is evaluated at once.
 */
export function limitsProvider(usage: { section(now: number): Promise<LimitsSection> }, clock: Clock): LimitsProvider {
  return {
    async limitWindows() {
      const now = clock.now();
      return alertLimits(await usage.section(now), now);
    },
  };
}
