import type { PriceRow } from '../../metrics/pricing.js';
import { pricerFor } from '../../metrics/prices/request-price.js';
import { FileFollower } from '../follow/file-follower.js';
import { replayPrefix } from '../follow/replay-prefix.js';
import type { FollowerStatus } from '../follow/types.js';
import type { Source, SourceContext } from '../source.js';
import { eventFromRecord, type GeminiFileInfo } from './chat-events.js';
import { GeminiChatReader, type GeminiRecord } from './chat-reader.js';
import { geminiChatFile } from './paths.js';
import { GeminiProjectNames } from './project-names.js';

export const SOURCE = 'gemini';
/** Cursor name of the JSON Lines recordings (the documents' cursors are under `gemini`). */
export const JSONL_CURSORS = 'gemini-jsonl';

/** Whole documents: `<hash>/chats/session-*.json`. */
export const DOCUMENT_GLOBS = ['*/chats/session-*.json'] as const;
/** JSON Lines: main sessions `<hash>/chats/session-*.jsonl`, subagents `<hash>/chats/<parent id>/<id>.jsonl`. */
export const JSONL_GLOBS = ['*/chats/session-*.jsonl', '*/chats/*/*.jsonl'] as const;

export interface GeminiSourceOptions {
  /** `tmp` folders (see dirs.ts). */
  dirs: readonly string[];
  pollMs: number;
  /** MONITORING_PRICES rows (before the price dataset). */
  prices: readonly PriceRow[];
  batchSize?: number;
  rescanMs?: number;
}

interface JsonlFile {
  info: GeminiFileInfo;
  reader: GeminiChatReader;
}

export type GeminiSourceStatus = {
  roots: readonly string[];
  /** The `.json` recordings Gemini CLI rewrites whole (a file caught half-written shows in `documents.unparsed`). */
  documents: FollowerStatus;
  /** The `.jsonl` recordings newer releases append to. */
  jsonl: FollowerStatus;
  files: number;
  bytes_read: number;
  state: FollowerStatus['state'];
};

/**
 * Gemini CLI chat recordings under `~/.gemini/tmp/<project hash>/chats/`, in both formats upstream
 * has written, each through a FileFollower: the older `session-*.json` documents, rewritten whole
 * on every message (document mode: parsed again on each change, only new or changed records
 * handed over; a version that does not parse yet is skipped until it does), and the current
 * `session-*.jsonl` files (JSON Lines mode: messages re-appended whole when they change, `$set`,
 * `$rewindTo`). Each message counts once by its id (chat-reader.ts, chat-events.ts); a restart
 * parses each document once more, the store keeping the ids it has, and resumes each JSON Lines
 * file at its saved position with its reader rebuilt from the lines before it.
 */
export class GeminiSource implements Source {
  readonly name = SOURCE;
  readonly #documents: FileFollower<GeminiFileInfo, GeminiRecord>;
  readonly #jsonl: FileFollower<JsonlFile>;
  readonly #roots: readonly string[];

  constructor(options: GeminiSourceOptions) {
    const pricer = pricerFor(options.prices);
    const projects = new GeminiProjectNames(options.dirs);
    this.#roots = options.dirs;
    const describe = (file: string, root: string, format: GeminiFileInfo['format']): GeminiFileInfo | null => {
      const info = geminiChatFile(root, file);
      return info && info.format === format ? { ...info, project: projects.name(root, info.projectHash) } : null;
    };
    const reader = (info: GeminiFileInfo) => new GeminiChatReader({ fallbackSessionId: info.sessionIdHint, projectHash: info.projectHash });
    const common = {
      roots: options.dirs,
      pollMs: options.pollMs,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.rescanMs !== undefined ? { rescanMs: options.rescanMs } : {}),
    };
    this.#documents = new FileFollower<GeminiFileInfo, GeminiRecord>({
      ...common,
      source: SOURCE,
      globs: DOCUMENT_GLOBS,
      open: (file, root) => describe(file, root, 'document'),
      mode: {
        kind: 'document',
        // A fresh reader per version: each version holds the whole conversation; the follower
        // hands over only the records it has not handed over before (or whose content changed).
        records: (doc, file) => reader(file.state).readDocument(doc).map((record) => ({ id: record.kind === 'usage' ? record.id : `call:${record.call_id}`, record })),
        onRecord: (record, _id, file, out) => out.push(eventFromRecord(record, file.state, pricer)),
      },
    });
    this.#jsonl = new FileFollower<JsonlFile>({
      ...common,
      source: JSONL_CURSORS,
      globs: JSONL_GLOBS,
      open: (file, root, resumeAt) => {
        const info = describe(file, root, 'jsonl');
        if (!info) return null;
        const state = { info, reader: reader(info) };
        replayPrefix(file, resumeAt, (line) => state.reader.pushLine(line));
        return state;
      },
      mode: {
        kind: 'jsonl',
        onLine: (line, file, out) => {
          for (const record of file.state.reader.pushLine(line)) out.push(eventFromRecord(record, file.state.info, pricer));
        },
      },
    });
  }

  status(): GeminiSourceStatus {
    const documents = this.#documents.status();
    const jsonl = this.#jsonl.status();
    return {
      roots: this.#roots,
      documents,
      jsonl,
      files: documents.files + jsonl.files,
      bytes_read: documents.bytes_read + jsonl.bytes_read,
      state: documents.state === jsonl.state ? documents.state : documents.state === 'live' ? jsonl.state : documents.state,
    };
  }

  async start(ctx: SourceContext): Promise<void> {
    await Promise.all([this.#documents.start(ctx), this.#jsonl.start(ctx)]);
    const s = this.status();
    ctx.logger.info({ files: s.files, mb: Math.round(s.bytes_read / 1e6) }, 'gemini chat recordings scanned');
  }

  async stop(): Promise<void> {
    await Promise.all([this.#documents.stop(), this.#jsonl.stop()]);
  }

  /** Checks the files now (fs.watch and the poll timer do it too). */
  async poke(relist = false): Promise<void> {
    await Promise.all([this.#documents.poke(relist), this.#jsonl.poke(relist)]);
  }
}
