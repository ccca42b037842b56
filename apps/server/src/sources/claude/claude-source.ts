import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { StoredEvent } from '../../store/event.js';
import type { PriceRow } from '../../metrics/pricing.js';
import type { FileCursor } from '../../store/store.js';
import type { Source, SourceContext } from '../source.js';
import { eventsFromAssistantLine, ModelInfo, type TranscriptFile } from './assistant-line.js';
import { describeTranscript, listTranscripts } from './discover.js';
import { CHUNK_BYTES, readLines } from './file-reader.js';

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

interface FileState {
  path: string;
  file: TranscriptFile;
  ino: string;
  /** Read up to here (line end). */
  offset: number;
  /** Committed up to here. */
  committed: number;
}

export type ClaudeSourceStatus = {
  dirs: readonly string[];
  files: number;
  /** Lines skipped because they are not JSON objects (or assistant lines that do not parse). */
  broken_lines: number;
  bytes_read: number;
  /** Files re-read from the start because they shrank or were replaced. */
  restarts: number;
  initial_scan: { bytes: number; seconds: number; mb_per_s: number } | null;
  state: 'idle' | 'scanning' | 'live' | 'stopped';
};

/**
 * Follows Claude Code transcripts: an initial scan of every `*.jsonl` under the projects
 * folders, then fs.watch plus a size check every `pollMs` to pick up appended lines. How far
 * each file was read is committed with its events, so a restart resumes where it stopped.
 */
export class ClaudeSource implements Source {
  readonly name = SOURCE;
  readonly #o: Required<ClaudeSourceOptions>;
  readonly #files = new Map<string, FileState>();
  readonly #models: ModelInfo;
  readonly #buffer = { current: Buffer.allocUnsafe(CHUNK_BYTES) };
  readonly #watchers: fs.FSWatcher[] = [];
  readonly #watched = new Set<string>();
  #ctx: SourceContext | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #relist = true;
  #lastList = 0;
  #stopped = false;
  #pending: StoredEvent[] = [];
  #pendingCursors = new Map<string, FileCursor>();
  readonly #status: ClaudeSourceStatus;

  constructor(options: ClaudeSourceOptions) {
    this.#o = { batchSize: 20_000, rescanMs: 5_000, ...options };
    this.#models = new ModelInfo(options.prices);
    this.#status = { dirs: options.dirs, files: 0, broken_lines: 0, bytes_read: 0, restarts: 0, initial_scan: null, state: 'idle' };
  }

  status(): ClaudeSourceStatus {
    return { ...this.#status, files: this.#files.size };
  }

  /** Scans everything once, then keeps following the folders. Resolves when the initial scan is committed. */
  async start(ctx: SourceContext): Promise<void> {
    this.#ctx = ctx;
    this.#status.state = 'scanning';
    const cursors = new Map((await ctx.store.readCursors?.(SOURCE))?.map((c) => [c.path, c]) ?? []);
    const started = performance.now();
    const before = this.#status.bytes_read;
    await this.#pass(cursors);
    const seconds = (performance.now() - started) / 1000;
    const bytes = this.#status.bytes_read - before;
    this.#status.initial_scan = { bytes, seconds, mb_per_s: seconds > 0 ? bytes / 1e6 / seconds : 0 };
    this.#status.state = 'live';
    ctx.logger.info({ files: this.#files.size, mb: Math.round(bytes / 1e6), seconds: Number(seconds.toFixed(2)) }, 'claude transcripts scanned');
    this.#watch();
    this.#timer = setInterval(() => this.poke(), this.#o.pollMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#status.state = 'stopped';
    if (this.#timer) clearInterval(this.#timer);
    for (const w of this.#watchers) w.close();
    this.#watchers.length = 0;
    await this.#running;
  }

  /** Checks the files now (called by fs.watch and the poll timer). Resolves when that check is done. */
  poke(relist = false): Promise<void> {
    if (this.#stopped || !this.#ctx) return Promise.resolve();
    if (relist) this.#relist = true;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          await this.#pass();
        } while (this.#again && !this.#stopped);
      } catch (err) {
        this.#ctx?.logger.error({ err }, 'claude transcript pass failed');
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  #watch(): void {
    for (const dir of this.#o.dirs) {
      if (this.#watched.has(dir)) continue;
      try {
        const watcher = fs.watch(dir, { recursive: true, persistent: false }, (_event, name) => {
          const known = name ? this.#files.has(path.join(dir, name.toString())) : false;
          void this.poke(!known);
        });
        watcher.on('error', () => {
          watcher.close();
          this.#watched.delete(dir);
        });
        this.#watchers.push(watcher);
        this.#watched.add(dir);
      } catch {
        // The folder does not exist (yet): the periodic re-listing finds it later.
      }
    }
  }

  async #pass(cursors?: Map<string, FileCursor>): Promise<void> {
    const now = Date.now();
    if (this.#relist || cursors || now - this.#lastList >= this.#o.rescanMs) {
      this.#relist = false;
      this.#lastList = now;
      if (this.#watched.size < this.#o.dirs.length && !cursors) this.#watch();
      for (const dir of this.#o.dirs) {
        for (const file of await listTranscripts(dir)) {
          if (this.#files.has(file)) continue;
          const described = describeTranscript(dir, file);
          if (!described) continue;
          const saved = cursors?.get(file);
          this.#files.set(file, { path: file, file: described, ino: saved?.ino ?? '', offset: saved?.offset ?? 0, committed: saved?.offset ?? 0 });
        }
      }
    }
    for (const state of this.#files.values()) {
      if (this.#stopped) break;
      await this.#readFile(state);
    }
    await this.#flush();
  }

  async #readFile(state: FileState): Promise<void> {
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(state.path);
    } catch {
      return; // Gone; its counted lines stay counted.
    }
    const ino = `${stat.dev}:${stat.ino}`;
    if (state.ino === '') state.ino = ino;
    else if (state.ino !== ino || stat.size < state.offset) {
      // Replaced or truncated: read it again from the start; request and tool ids keep repeats from counting twice.
      state.ino = ino;
      state.offset = 0;
      this.#status.restarts += 1;
    }
    if (stat.size === state.offset) return;
    const ctx = this.#ctx as SourceContext;
    const now = ctx.clock.now();
    let counted = 0;
    const progress = await readLines(
      state.path,
      state.offset,
      this.#buffer,
      (line) => eventsFromAssistantLine(line, state.file, this.#models, now, this.#pending),
      async (p) => {
        this.#status.bytes_read += p.bytes - counted;
        counted = p.bytes;
        state.offset = p.offset;
        this.#pendingCursors.set(state.path, { source: SOURCE, path: state.path, ino: state.ino, offset: state.offset });
        if (this.#pending.length >= this.#o.batchSize) await this.#flush();
      },
    );
    this.#status.broken_lines += progress.broken;
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0 && this.#pendingCursors.size === 0) return;
    const events = this.#pending;
    const cursors = [...this.#pendingCursors.values()];
    this.#pending = [];
    this.#pendingCursors = new Map();
    const ctx = this.#ctx as SourceContext;
    try {
      await ctx.ingest(events, { cursors });
      for (const c of cursors) {
        const state = this.#files.get(c.path);
        if (state) state.committed = c.offset;
      }
    } catch (err) {
      ctx.logger.error({ err, events: events.length }, 'cannot store transcript events; will re-read');
      for (const c of cursors) {
        const state = this.#files.get(c.path);
        if (state) state.offset = state.committed;
      }
    }
  }
}
