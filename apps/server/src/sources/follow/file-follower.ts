import fs from 'node:fs';
import path from 'node:path';
import type { StoredEvent } from '../../store/event.js';
import type { LiveWrite } from '../../store/live.js';
import type { FileCursor } from '../../store/store.js';
import { StoreUnavailableError } from '../../store/unavailable.js';
import type { SourceContext } from '../source.js';
import { readDocument } from './document-reader.js';
import { CHUNK_BYTES, readLines } from './file-reader.js';
import { Glob, listFiles } from './glob.js';
import { identify, KEY_BYTES, keyLength, keyOf, readHead, type FileIdentity } from './identity.js';
import { emptyCounts, LineFilter } from './line-scanner.js';
import { Orphans } from './orphans.js';
import type { DocumentCounts, FileFollowerOptions, FollowedFile, FollowerStatus } from './types.js';

interface Tracked<S> {
  path: string;
  root: string;
  /** Undefined for a cursor loaded from the store until its file is found. */
  state: S | undefined;
  /** `device:inode` of the file read; '' before the first look. */
  ino: string;
  /** Content key of what was read (see keyOf); JSON Lines only. */
  key: string | undefined;
  /** Read up to here (a line end; document mode: the size of the document last parsed). */
  offset: number;
  /** Committed up to here. */
  committed: number;
  /** Loaded from the store: its content key is checked against the file before it is trusted. */
  verify: boolean;
  /** Document mode: size and mtime of the version last parsed, and the records handed over (id → fingerprint). */
  version?: string;
  seen?: Map<string, string>;
}

/**
 * Follows the files under several roots that match globs: an initial scan, then fs.watch plus a
 * size check every `pollMs`. How far each file was read is committed with the events made from
 * it (a FileCursor per file), so a restart resumes where it stopped. A file that shrinks, or
 * whose path another file takes, is read again from the start; a followed file that shows up
 * under a new path (same inode, or, copied, same content key) carries on where it was.
 */
export class FileFollower<S, R = unknown> {
  readonly #o: Required<Omit<FileFollowerOptions<S, R>, 'mode'>> & Pick<FileFollowerOptions<S, R>, 'mode'>;
  readonly #globs: Glob[];
  readonly #filter: LineFilter;
  readonly #files = new Map<string, Tracked<S>>();
  readonly #orphans = new Orphans<Tracked<S>>();
  /** Documents whose newest version did not parse. */
  readonly #unparsed = new Set<string>();
  readonly #buffer = { current: Buffer.allocUnsafe(CHUNK_BYTES) };
  readonly #watchers: fs.FSWatcher[] = [];
  readonly #watched = new Set<string>();
  readonly #status: FollowerStatus;
  #ctx: SourceContext | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #relist = true;
  #lastList = 0;
  #stopped = false;
  /** The saved positions are read (see #loadCursors). */
  #cursorsLoaded = false;
  #waitingLogged = false;
  #pending: StoredEvent[] = [];
  #pendingLive: LiveWrite[] = [];
  #pendingCursors = new Map<string, FileCursor>();

  constructor(options: FileFollowerOptions<S, R>) {
    this.#o = { rescanMs: 5_000, batchSize: 20_000, ...options };
    this.#globs = options.globs.map((g) => new Glob(g));
    this.#filter = new LineFilter(options.mode.kind === 'jsonl' ? options.mode.types : undefined);
    const counts = options.mode.kind === 'jsonl' ? { lines: emptyCounts() } : { documents: { parsed: 0, broken: 0, records: 0, handed: 0 } };
    this.#status = {
      roots: options.roots, globs: options.globs, mode: options.mode.kind, files: 0, bytes_read: 0, ...counts,
      restarts: 0, moves: 0, aliases: 0, initial_scan: null, state: 'idle',
    };
  }

  status(): FollowerStatus {
    const s = this.#status;
    return {
      ...s,
      files: this.#files.size,
      ...(s.lines ? { lines: { ...s.lines } } : {}),
      ...(s.documents ? { documents: { ...s.documents, unparsed: this.#unparsed.size, unparsed_files: [...this.#unparsed].slice(0, 20) } } : {}),
    };
  }

  /** Scans everything once, then keeps following the roots. Resolves when the initial scan is committed. */
  async start(ctx: SourceContext): Promise<void> {
    this.#ctx = ctx;
    this.#status.state = 'scanning';
    const started = performance.now();
    await this.poke(true);
    const seconds = (performance.now() - started) / 1000;
    const bytes = this.#status.bytes_read;
    this.#status.initial_scan = { bytes, seconds, mb_per_s: seconds > 0 ? bytes / 1e6 / seconds : 0 };
    this.#status.state = this.#cursorsLoaded ? 'live' : 'waiting';
    this.#watch();
    this.#timer = setInterval(() => void this.poke(), this.#o.pollMs);
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

  /** Checks the files now (called by fs.watch and the poll timer); `relist` lists the roots again first. Resolves when that check is done. */
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
        this.#ctx?.logger.error({ err, source: this.#o.source }, 'file follower pass failed');
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  #watch(): void {
    for (const root of this.#o.roots) {
      if (this.#watched.has(root)) continue;
      try {
        const watcher = fs.watch(root, { recursive: true, persistent: false }, (_event, name) => {
          const known = name ? this.#files.has(path.join(root, name.toString())) : false;
          void this.poke(!known);
        });
        watcher.on('error', () => {
          watcher.close();
          this.#watched.delete(root);
        });
        this.#watchers.push(watcher);
        this.#watched.add(root);
      } catch {
        // The root does not exist (yet): a later re-listing watches it.
      }
    }
  }

  /**
   * Reads the saved positions once, before any file is read. While the store cannot say (it is
   * not open), nothing is read: reading from the start would hand over everything again.
   */
  async #loadCursors(ctx: SourceContext): Promise<boolean> {
    if (this.#cursorsLoaded) return true;
    let cursors: FileCursor[];
    try {
      cursors = (await ctx.store.readCursors?.(this.#o.source)) ?? [];
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (!this.#waitingLogged) ctx.logger.warn({ source: this.#o.source, reason: err.message }, 'file follower waits for the store before reading');
      this.#waitingLogged = true;
      return false;
    }
    for (const c of cursors) {
      const root = this.#o.roots.find((r) => isInside(r, c.path));
      if (root === undefined || (c.ino === '' && c.offset === 0)) continue; // another root, or the mark of a file that moved away
      this.#files.set(c.path, { path: c.path, root, state: undefined, ino: c.ino, key: c.contentKey, offset: c.offset, committed: c.offset, verify: true });
    }
    this.#cursorsLoaded = true;
    if (this.#status.state === 'waiting') this.#status.state = 'live';
    return true;
  }

  async #pass(): Promise<void> {
    if (!(await this.#loadCursors(this.#ctx as SourceContext))) return;
    const now = Date.now();
    if (this.#relist || now - this.#lastList >= this.#o.rescanMs) {
      this.#relist = false;
      this.#lastList = now;
      if (this.#status.state === 'live' && this.#watched.size < this.#o.roots.length) this.#watch();
      await this.#list();
    }
    for (const t of this.#files.values()) {
      if (this.#stopped) break;
      await this.#read(t);
    }
    await this.#flush();
  }

  /** Lists the roots: settles which known files are still where they were, then what each new path is (a moved file, another name of a followed one, or a new file). */
  async #list(): Promise<void> {
    const found = new Map<string, string>();
    for (const root of this.#o.roots) {
      for (const file of await listFiles(root, this.#globs)) if (!found.has(file)) found.set(file, root);
    }
    const replaced = new Set<string>();
    for (const t of [...this.#files.values()]) {
      const id = found.has(t.path) ? await identify(t.path) : undefined;
      if (!id) this.#orphan(t);
      else if (t.ino !== '' && id.ino !== t.ino && this.#o.mode.kind === 'document') {
        t.ino = id.ino; // a document rewritten by a rename over it: the same document
        t.verify = false;
        t.state ??= this.#o.open(t.path, t.root, t.offset) ?? undefined;
        if (t.state === undefined) this.#files.delete(t.path);
      } else if (t.ino !== '' && id.ino !== t.ino) {
        this.#orphan(t);
        replaced.add(t.path);
      } else if (t.verify && t.key !== undefined && keyOf(await readHead(t.path), keyLength(t.key)) !== t.key) {
        this.#orphan(t); // the same inode number, other content: a new file
        replaced.add(t.path);
      } else {
        t.verify = false;
        t.ino = id.ino;
        if (t.state === undefined) {
          const state = this.#o.open(t.path, t.root, t.offset);
          if (state === null) this.#files.delete(t.path);
          else t.state = state;
        }
      }
    }
    const byIno = new Map([...this.#files.values()].map((t) => [t.ino, t]));
    const claim = this.#orphans.matcher();
    let aliases = 0;
    for (const [file, root] of found) {
      if (this.#files.has(file)) continue;
      const id = await identify(file);
      if (!id) continue;
      if (byIno.has(id.ino)) {
        aliases += 1; // a hard link of a followed file: read under one name only
        continue;
      }
      const state = this.#o.open(file, root, 0);
      if (state === null) continue;
      const moved = await claim(file, id);
      if (moved) {
        this.#orphans.delete(moved);
        // The old path's cursor no longer describes a file read: a file that comes back there is new.
        this.#pendingCursors.set(moved.path, { source: this.#o.source, path: moved.path, ino: '', offset: 0 });
        moved.path = file;
        moved.root = root;
        moved.ino = id.ino;
        moved.verify = false;
        moved.state ??= moved.offset > 0 ? (this.#o.open(file, root, moved.offset) ?? state) : state;
        this.#status.moves += 1;
        this.#files.set(file, moved);
        if (moved.committed > 0) this.#pendingCursors.set(file, this.#cursor(moved));
      } else {
        if (replaced.has(file)) this.#status.restarts += 1;
        this.#files.set(file, { path: file, root, state, ino: id.ino, key: undefined, offset: 0, committed: 0, verify: false });
      }
      byIno.set(id.ino, this.#files.get(file) as Tracked<S>);
    }
    this.#status.aliases = aliases;
  }

  #orphan(t: Tracked<S>): void {
    this.#files.delete(t.path);
    this.#unparsed.delete(t.path);
    if (t.offset > 0 || t.seen?.size) this.#orphans.add(t);
  }

  async #read(t: Tracked<S>): Promise<void> {
    const id = await identify(t.path);
    if (this.#o.mode.kind === 'document' && id) {
      t.ino = id.ino; // a document rewritten by a rename over it is the same document
      return this.#readDocument(t, id);
    }
    if (!id || id.ino !== t.ino) {
      // Gone or replaced: the next listing settles whether it moved.
      this.#relist = true;
      this.#again = true;
      return;
    }
    if (id.size < t.offset) {
      // Truncated: read it again from the start; request and tool ids keep repeats from counting twice.
      t.offset = 0;
      t.key = undefined;
      t.state = this.#o.open(t.path, t.root, 0) ?? t.state;
      this.#status.restarts += 1;
    }
    const mode = this.#o.mode;
    if (id.size === t.offset || mode.kind !== 'jsonl') return;
    const file = t as FollowedFile<S>;
    let counted = 0;
    await readLines(
      t.path,
      t.offset,
      this.#buffer,
      this.#filter,
      this.#status.lines as NonNullable<FollowerStatus['lines']>,
      (line) => mode.onLine(line, file, this.#pending, this.#pendingLive),
      async (p) => {
        this.#status.bytes_read += p.bytes - counted;
        counted = p.bytes;
        t.offset = p.offset;
        const n = Math.min(t.offset, KEY_BYTES);
        if (t.key === undefined || keyLength(t.key) < n) t.key = keyOf(await readHead(t.path, n), n);
        this.#pendingCursors.set(t.path, this.#cursor(t));
        if (this.#pending.length >= this.#o.batchSize) await this.#flush();
      },
    );
  }

  async #readDocument(t: Tracked<S>, id: FileIdentity): Promise<void> {
    const version = `${id.size}:${id.mtimeMs}`;
    const mode = this.#o.mode;
    if (version === t.version || mode.kind !== 'document') return;
    t.version = version;
    const counts = this.#status.documents as DocumentCounts;
    const broken = counts.broken;
    const bytes = await readDocument(t as FollowedFile<S>, id.size, mode, (t.seen ??= new Map()), counts, this.#pending);
    if (counts.broken > broken) this.#unparsed.add(t.path);
    else this.#unparsed.delete(t.path);
    if (bytes === undefined) {
      t.version = undefined;
      return;
    }
    this.#status.bytes_read += bytes;
    t.offset = bytes;
    this.#pendingCursors.set(t.path, this.#cursor(t));
    if (this.#pending.length >= this.#o.batchSize) await this.#flush();
  }

  #cursor(t: Tracked<S>): FileCursor {
    return { source: this.#o.source, path: t.path, ino: t.ino, offset: t.offset, ...(t.key !== undefined ? { contentKey: t.key } : {}) };
  }

  async #flush(): Promise<void> {
    if (this.#pending.length === 0 && this.#pendingCursors.size === 0) return;
    const events = this.#pending;
    const live = this.#pendingLive;
    const cursors = [...this.#pendingCursors.values()];
    this.#pending = [];
    this.#pendingLive = [];
    this.#pendingCursors = new Map();
    const ctx = this.#ctx as SourceContext;
    try {
      await ctx.ingest(events, { cursors, ...(live.length > 0 ? { live } : {}) });
      for (const c of cursors) {
        const t = this.#files.get(c.path);
        if (t) t.committed = c.offset;
      }
    } catch (err) {
      ctx.logger.error({ err, events: events.length, source: this.#o.source }, 'cannot store followed files\u2019 events; will read them again');
      for (const c of cursors) {
        const t = this.#files.get(c.path);
        if (!t) continue;
        const rewind = t.offset !== t.committed;
        t.offset = t.committed;
        // JSON Lines: the state saw lines past the committed position; it is built again up to it.
        if (rewind && this.#o.mode.kind === 'jsonl') t.state = this.#o.open(t.path, t.root, t.committed) ?? t.state;
        // A document is parsed again, all its records handed over again (the store skips the ids it has).
        t.version = undefined;
        t.seen = undefined;
      }
    }
  }
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
