import type { PriceRow } from '../../metrics/pricing.js';
import { FileFollower } from '../follow/file-follower.js';
import type { FollowerStatus } from '../follow/types.js';
import type { Source, SourceContext } from '../source.js';
import { eventsFromAssistantLine, ModelInfo, type TranscriptFile } from './assistant-line.js';
import { describeTranscript, TRANSCRIPT_GLOBS } from './discover.js';

export const SOURCE = 'claude';

export interface ClaudeSourceOptions {
  /** `projects` folders to follow (see dirs.ts). */
  dirs: readonly string[];
  /** Milliseconds between size checks of the known transcripts. */
  pollMs: number;
  prices: readonly PriceRow[];
  /** Events per store commit during a scan. Default 20 000. */
  batchSize?: number;
  /** Milliseconds between full re-listings of the folders (new files are also found through fs.watch). Default 5 000. */
  rescanMs?: number;
}

/** The follower's status: `roots` are the projects folders. */
export type ClaudeSourceStatus = FollowerStatus;

/**
 * Claude Code transcripts, read through the shared FileFollower (append-only JSON Lines under
 * each projects folder). What is Claude's own: which files are transcripts and what their path
 * says (discover.ts), that only `type: "assistant"` lines matter, and how they become events
 * (assistant-line.ts).
 */
export class ClaudeSource implements Source {
  readonly name = SOURCE;
  readonly #follower: FileFollower<TranscriptFile>;
  #now: () => number = () => Date.now() / 1000;

  constructor(options: ClaudeSourceOptions) {
    const models = new ModelInfo(options.prices);
    this.#follower = new FileFollower<TranscriptFile>({
      source: SOURCE,
      roots: options.dirs,
      globs: TRANSCRIPT_GLOBS,
      open: (file, root) => describeTranscript(root, file),
      mode: {
        kind: 'jsonl',
        types: ['assistant'],
        onLine: (line, file, out) => eventsFromAssistantLine(line, file.state, models, this.#now(), out),
      },
      pollMs: options.pollMs,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.rescanMs !== undefined ? { rescanMs: options.rescanMs } : {}),
    });
  }

  status(): ClaudeSourceStatus {
    return this.#follower.status();
  }

  /** Scans everything once, then keeps following the folders. Resolves when the initial scan is committed. */
  async start(ctx: SourceContext): Promise<void> {
    this.#now = () => ctx.clock.now();
    await this.#follower.start(ctx);
    const scan = this.#follower.status().initial_scan;
    ctx.logger.info(
      { files: this.#follower.status().files, mb: Math.round((scan?.bytes ?? 0) / 1e6), seconds: Number((scan?.seconds ?? 0).toFixed(2)) },
      'claude transcripts scanned',
    );
  }

  stop(): Promise<void> {
    return this.#follower.stop();
  }

  /** Checks the files now (fs.watch and the poll timer do it too). Resolves when that check is done. */
  poke(relist = false): Promise<void> {
    return this.#follower.poke(relist);
  }
}
