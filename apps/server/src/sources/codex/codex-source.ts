import type { PriceRow } from '../../metrics/pricing.js';
import { pricerFor, type RequestPricer } from '../../metrics/prices/request-price.js';
import { FileFollower } from '../follow/file-follower.js';
import { replayPrefix } from '../follow/replay-prefix.js';
import type { FollowerStatus } from '../follow/types.js';
import type { Source, SourceContext } from '../source.js';
import { CodexFile, eventsFromRecords } from './rollout-events.js';
import { liveWriteOf } from './live-state.js';
import type { CodexRateLimitRecord } from './rollout-reader.js';

export const SOURCE = 'codex';

/** Rollouts under `sessions/` (`YYYY/MM/DD/`) and `archived_sessions/` (flat); `**` takes both. */
export const ROLLOUT_GLOBS = ['**/rollout-*.jsonl'] as const;

/** Line types the reader uses; `compacted` lines (a summary of history, no usage) are never parsed. */
const LINE_TYPES = ['session_meta', 'turn_context', 'response_item', 'event_msg'] as const;

export interface CodexSourceOptions {
  /** Folders of rollouts (see dirs.ts): `sessions/` and `archived_sessions/` of each Codex home. */
  dirs: readonly string[];
  /** Milliseconds between size checks of the known rollouts. */
  pollMs: number;
  /** MONITORING_PRICES rows (before the price dataset). */
  prices: readonly PriceRow[];
  batchSize?: number;
  rescanMs?: number;
}

export type CodexSourceStatus = FollowerStatus & {
  /** The newest Codex rate-limit reading (any session), or null before one is read. */
  rate_limits: CodexRateLimitRecord | null;
};

/**
 * Codex CLI rollouts (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`, `archived_sessions/`),
 * followed through the shared FileFollower as append-only JSON Lines. Each file has its own
 * CodexRolloutReader (usage from the growth of the running totals, replays skipped); its records
 * become events (rollout-events.ts).
 *
 * One session counted once wherever it is: a file archived (moved) while followed is recognised
 * by the follower and not read again; a copy in both folders is read, but each of its requests
 * and tool calls has the id the first copy gave it (the running totals, the call id), so the
 * store counts it once. After a restart a rollout resumes at its saved position, its reader
 * rebuilt from the lines before it (running totals, model, replay state) so nothing is counted
 * twice or missed.
 *
 * Live state: the `event_msg` lines that say a turn started or ended set the session's live state
 * (live-state.ts), committed with the line's events.
 *
 * Rate limits: the newest reading by timestamp across all rollouts is kept; `rateLimits()` answers
 * it and `onRateLimits` listeners hear each reading newer than the one kept (for plan limits).
 */
export class CodexSource implements Source {
  readonly name = SOURCE;
  readonly #follower: FileFollower<CodexFile>;
  readonly #pricer: RequestPricer;
  readonly #listeners = new Set<(r: CodexRateLimitRecord) => void>();
  #rateLimits: CodexRateLimitRecord | null = null;

  constructor(options: CodexSourceOptions) {
    this.#pricer = pricerFor(options.prices);
    const keep = (r: CodexRateLimitRecord) => this.#keepRateLimits(r);
    this.#follower = new FileFollower<CodexFile>({
      source: SOURCE,
      roots: options.dirs,
      globs: ROLLOUT_GLOBS,
      open: (file, _root, resumeAt) => {
        const state = new CodexFile(file);
        // Rebuild the reader from the lines already read; their records were stored before.
        replayPrefix(file, resumeAt, (line) => eventsFromRecords(state.reader.push(line), state, this.#pricer, [], keep));
        return state;
      },
      mode: {
        kind: 'jsonl',
        types: LINE_TYPES,
        onLine: (line, file, out, live) => {
          eventsFromRecords(file.state.reader.push(line), file.state, this.#pricer, out, keep);
          const write = liveWriteOf(line, file.state.reader, Date.now() / 1000);
          if (write) live.push(write);
        },
      },
      pollMs: options.pollMs,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.rescanMs !== undefined ? { rescanMs: options.rescanMs } : {}),
    });
  }

  status(): CodexSourceStatus {
    return { ...this.#follower.status(), rate_limits: this.#rateLimits };
  }

  /** The newest rate-limit reading of any rollout (by its timestamp), or null. */
  rateLimits(): CodexRateLimitRecord | null {
    return this.#rateLimits;
  }

  /** Calls `listener` with each rate-limit reading newer than the one kept before; answers a function that removes it. */
  onRateLimits(listener: (r: CodexRateLimitRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(ctx: SourceContext): Promise<void> {
    await this.#follower.start(ctx);
    const s = this.#follower.status();
    ctx.logger.info({ files: s.files, mb: Math.round((s.initial_scan?.bytes ?? 0) / 1e6), seconds: Number((s.initial_scan?.seconds ?? 0).toFixed(2)) }, 'codex rollouts scanned');
  }

  stop(): Promise<void> {
    return this.#follower.stop();
  }

  /** Checks the files now (fs.watch and the poll timer do it too). */
  poke(relist = false): Promise<void> {
    return this.#follower.poke(relist);
  }

  #keepRateLimits(r: CodexRateLimitRecord): void {
    if (this.#rateLimits && r.ts < this.#rateLimits.ts) return;
    this.#rateLimits = r;
    for (const listener of this.#listeners) {
      try {
        listener(r);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
