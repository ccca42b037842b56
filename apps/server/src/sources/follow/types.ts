import type { StoredEvent } from '../../store/event.js';
import type { LiveWrite } from '../../store/live.js';
import type { LineCounts } from './line-scanner.js';

/** A followed file, as handlers see it. */
export interface FollowedFile<S> {
  /** Where it is now (it changes when the file moves). */
  readonly path: string;
  /** The root it was found under. */
  readonly root: string;
  /** What `open` returned when the file was first seen; it moves with the file, and is built again after a restart. */
  readonly state: S;
}

/** Append-only JSON Lines: each new complete line is read once. */
export interface JsonlMode<S> {
  kind: 'jsonl';
  /**
   * Top-level `type` values of the lines wanted; other lines are counted and, mostly, never
   * parsed (see LineFilter). Values may not hold `"`, `\`, `/` or control characters.
   * Default: every JSON object line is parsed and handed over.
   */
  types?: readonly string[];
  /**
   * Each wanted line, in file order; the events it makes go to `out`, and what it says about its
   * session's live state to `live` (committed in the same batch as the events and the cursor).
   */
  onLine(line: Record<string, unknown>, file: FollowedFile<S>, out: StoredEvent[], live: LiveWrite[]): void;
}

/** One record of a document, with an id that stays the same across rewrites. */
export interface DocumentRecord<R> {
  id: string;
  record: R;
}

/**
 * Whole JSON documents that the writer rewrites: on each change the document is parsed again
 * and only the records not handed over before go to `onRecord`: a new id, or a known id whose
 * content changed (writers update the last message in place, e.g. to add its token counts).
 *
 * Records handed over are remembered in memory only. After a restart each document is parsed
 * once and all its records are handed over again: the events a handler makes from them must
 * carry ids (`requestId` with `mergeMax`, `callId`) so that the store's de-duplication makes the
 * repeats no-ops.
 */
export interface DocumentMode<S, R> {
  kind: 'document';
  /** The records of a parsed document. May throw (counted as a broken document). */
  records(doc: unknown, file: FollowedFile<S>): Iterable<DocumentRecord<R>>;
  /** Each record not handed over before; the events it makes go to `out`. */
  onRecord(record: R, id: string, file: FollowedFile<S>, out: StoredEvent[]): void;
  /** Largest document read, in bytes; a larger one is counted as broken. Default 64 MB. */
  maxBytes?: number;
}

export interface FileFollowerOptions<S, R = unknown> {
  /** Name of the cursors in the store (the source's name). */
  source: string;
  /** Folders to follow; a missing one is looked for again at every re-listing. */
  roots: readonly string[];
  /** Which files under each root, relative to it (see Glob), e.g. `**\/rollout-*.jsonl`. */
  globs: readonly string[];
  mode: JsonlMode<S> | DocumentMode<S, R>;
  /**
   * The per-file state of a file first seen (what its path says, running totals, …); null: do not
   * follow it. `resumeAt` is where reading will go on: 0 for a file read from its start, else the
   * position saved before a restart (or the last committed one, after a store failure). A handler
   * whose state depends on the earlier lines (a running total, the session named on line 1) builds
   * it again from the first `resumeAt` bytes. Called again when the file is read from the start
   * anew (it shrank).
   */
  open(file: string, root: string, resumeAt: number): S | null;
  /** Milliseconds between size checks of the known files. */
  pollMs: number;
  /** Milliseconds between full re-listings of the roots (new files are also found through fs.watch). Default 5 000. */
  rescanMs?: number;
  /** Events per store commit during a scan. Default 20 000. */
  batchSize?: number;
}

export interface DocumentCounts {
  /** Documents parsed. */
  parsed: number;
  /** Documents that are not JSON, too large, or of a shape `records` refused (a document read half way through being written counts too; it is read again when it changes). */
  broken: number;
  /** Records found in the documents parsed. */
  records: number;
  /** Records handed over (new, or changed). */
  handed: number;
  /** Documents whose newest version did not parse (caught half-written, or broken): read again when they change. */
  unparsed?: number;
  /** Up to 20 of those, by path. */
  unparsed_files?: string[];
}

export type FollowerStatus = {
  roots: readonly string[];
  globs: readonly string[];
  mode: 'jsonl' | 'document';
  /** Files followed now. */
  files: number;
  bytes_read: number;
  /** JSON Lines mode: lines seen, parsed, ignored for their type, broken. */
  lines?: LineCounts;
  /** Document mode. */
  documents?: DocumentCounts;
  /** Files read again from the start because they shrank or another file took their path. */
  restarts: number;
  /** Followed files found under a new path (same inode, or same content key) and not read again. */
  moves: number;
  /** Paths not followed because they are another name (hard link) of a followed file. */
  aliases: number;
  initial_scan: { bytes: number; seconds: number; mb_per_s: number } | null;
  /** `waiting`: the store cannot tell the saved positions yet (not open), so nothing is read until it can. */
  state: 'idle' | 'scanning' | 'waiting' | 'live' | 'stopped';
};
