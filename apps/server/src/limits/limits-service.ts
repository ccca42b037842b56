import type { StatusLineAnswer, StatusLineBody } from '@amiga/protocol';
import type { Clock } from '../clock.js';
import type { Outcome } from '../ingest/ingest-service.js';
import type { Logger } from '../logging/logger.js';
import type { LimitReport, LimitsWrite } from '../store/limits.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY_AFTER_SECONDS, StoreUnavailableError } from '../store/unavailable.js';
import { statusLineWrite } from './statusline.js';
import { windowName } from './windows.js';

/** One observation of a limit window, as a source reports it (see LimitsService.report). */
export interface LimitObservation {
  agent: string;
  /** The window's length in minutes (300 is `5h`, 10,080 is `7d`). */
  window_minutes: number;
  /** Share used, 0–100 (above 100 once passed). */
  used_percent: number;
  /** When the window resets (Unix seconds), or null when not known. */
  resets_at: number | null;
  /** Who observed it: `codex`, `statusline`, … */
  source: string;
  /** Default: this server's machine name (see LimitsServiceDeps.machine). */
  machine?: string;
  /** When it was observed (Unix seconds): the newest observation per agent, window and machine wins. */
  observed_at: number;
}

export interface LimitsServiceDeps {
  store: Pick<Store, 'recordLimits'>;
  clock: Clock;
  logger: Logger;
  /** The machine of observations that name none (sources reading this machine's files). */
  machine: string;
}

/**
 * The write path of plan limits: the status-line endpoint and the sources (Codex rollouts) report
 * here, and it acknowledges only what the store committed (`unavailable` while it cannot write).
 */
export class LimitsService {
  readonly #d: LimitsServiceDeps;

  constructor(deps: LimitsServiceDeps) {
    this.#d = deps;
  }

  /** Records observations of limit windows; invalid ones (no finite percentage or length) are skipped. Rejects with StoreUnavailableError when nothing could be stored. */
  async report(observations: readonly LimitObservation[]): Promise<number> {
    const limits = observations.flatMap((o) => toReport(o, this.#d.machine));
    const outcome = await this.#write({ limits, sessions: [] });
    if (outcome.status === 'unavailable') throw new StoreUnavailableError(outcome.message, outcome.retryAfterSeconds);
    return limits.length;
  }

  /** `POST /api/statusline/claude-code`: a status line Claude Code produced, already validated. */
  async acceptStatusLine(body: StatusLineBody, machine: string): Promise<Outcome<StatusLineAnswer>> {
    const write = statusLineWrite(body, machine, this.#d.clock.now());
    const outcome = await this.#write(write);
    return outcome.status === 'stored' ? { status: 'stored', value: { session: write.sessions.length > 0, limits: write.limits.length } } : outcome;
  }

  async #write(write: LimitsWrite): Promise<Exclude<Outcome<null>, { status: 'invalid' }>> {
    const { store, logger } = this.#d;
    if (!store.recordLimits) return { status: 'unavailable', message: 'this store keeps no limits', retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
    try {
      await store.recordLimits(write);
      return { status: 'stored', value: null };
    } catch (err) {
      if (err instanceof StoreUnavailableError) return { status: 'unavailable', message: err.message, retryAfterSeconds: err.retryAfterSeconds };
      logger.error({ err }, 'cannot store limits; answering 503');
      return { status: 'unavailable', message: `the last write failed: ${(err as Error).message}`, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
    }
  }
}

function toReport(o: LimitObservation, defaultMachine: string): LimitReport[] {
  const minutes = Math.round(o.window_minutes);
  if (!Number.isFinite(o.used_percent) || !Number.isFinite(minutes) || minutes <= 0 || !Number.isFinite(o.observed_at)) return [];
  return [
    {
      agent: o.agent,
      window: windowName(minutes),
      windowMinutes: minutes,
      usedPercent: Math.max(0, o.used_percent),
      resetsAt: o.resets_at !== null && Number.isFinite(o.resets_at) ? o.resets_at : null,
      source: o.source,
      machine: o.machine ?? defaultMachine,
      observedAt: o.observed_at,
    },
  ];
}
