import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { createLogger } from '../../logging/logger.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { SourceContext } from '../source.js';
import { FileFollower } from './file-follower.js';
import type { FileFollowerOptions } from './types.js';

let tmp: string;
let db: string;
let sessions: string;
let archive: string;
const followers: Array<{ stop(): Promise<void> }> = [];
const stores: Store[] = [];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-follow-'));
  db = path.join(tmp, 'monitor.db');
  sessions = path.join(tmp, 'sessions');
  archive = path.join(tmp, 'archived_sessions');
});

afterEach(async () => {
  for (const f of followers.splice(0)) await f.stop();
  for (const s of stores.splice(0)) await s.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(file: string, content: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const line = (id: string, type = 'event') => JSON.stringify({ type, id, payload: { text: `line ${id}`, pad: 'x'.repeat(300) } }) + '\n';
const lines = (...ids: string[]) => ids.map((id) => line(id)).join('');

/** A follower of rollout files (as Codex writes them) whose handler records what it is handed, per file. */
async function startJsonl(options: Partial<FileFollowerOptions<{ name: string }>> = {}) {
  const got: Array<{ id: unknown; file: string; state: string }> = [];
  const follower = new FileFollower<{ name: string }>({
    source: 'test',
    roots: [sessions, archive],
    globs: ['**/rollout-*.jsonl'],
    open: (file) => ({ name: path.basename(file) }),
    mode: { kind: 'jsonl', types: ['event'], onLine: (l, file) => void got.push({ id: l.id, file: file.path, state: file.state.name }) },
    pollMs: 60_000,
    ...options,
  });
  await start(follower);
  return { follower, got, ids: () => got.map((g) => g.id) };
}

async function start(follower: { start(ctx: SourceContext): Promise<void>; stop(): Promise<void> }): Promise<Store> {
  const store = new SqliteStore({ path: db, synchronous: 'NORMAL' });
  stores.push(store);
  followers.push(follower);
  const ctx: SourceContext = {
    config: {} as SourceContext['config'],
    store,
    clock: systemClock,
    logger: createLogger('silent'),
    ingest: (events, opts) => store.ingest(events, opts),
  };
  await follower.start(ctx);
  return store;
}

async function restart<T>(run: () => Promise<T>): Promise<T> {
  for (const f of followers.splice(0)) await f.stop();
  for (const s of stores.splice(0)) await s.close();
  return run();
}

describe('FileFollower, JSON Lines', () => {
  it('finds files under several roots by glob, reads complete new lines once, and counts what it skipped', async () => {
    const a = write(path.join(sessions, '2026/11/30/rollout-a.jsonl'), lines('a1', 'a2') + line('m', 'meta') + 'not json\n');
    write(path.join(archive, 'rollout-b.jsonl'), lines('b1'));
    write(path.join(sessions, '2026/11/30/notes.jsonl'), lines('n1'));
    const { follower, ids } = await startJsonl();
    expect(ids().sort()).toEqual(['a1', 'a2', 'b1']);

    fs.appendFileSync(a, line('a3') + line('a4').slice(0, 50));
    await follower.poke();
    expect(ids()).toContain('a3');
    expect(ids()).not.toContain('a4');
    fs.appendFileSync(a, line('a4').slice(50));
    write(path.join(sessions, '2026/12/01/rollout-c.jsonl'), lines('c1'));
    await follower.poke(true);
    expect(ids().sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'c1']);
    expect(follower.status()).toMatchObject({ files: 3, lines: { seen: 8, parsed: 6, ignored: 1, broken: 1 }, moves: 0, restarts: 0 });
  });

  it('does not read a file again when it moves to another root (rename: same inode), also across a restart', async () => {
    const from = write(path.join(sessions, '2026/11/30/rollout-a.jsonl'), lines('a1', 'a2'));
    let run = await startJsonl();
    const to = path.join(archive, '2026/11/30/rollout-a.jsonl');
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.renameSync(from, to);
    fs.appendFileSync(to, lines('a3'));
    await run.follower.poke(true);
    expect(run.ids()).toEqual(['a1', 'a2', 'a3']);
    expect(run.got.at(-1)).toEqual({ id: 'a3', file: to, state: 'rollout-a.jsonl' });
    expect(run.follower.status()).toMatchObject({ files: 1, moves: 1, restarts: 0 });

    // Moved while the server was down: the saved cursor follows the inode.
    const again = path.join(archive, 'rollout-a.jsonl');
    run = await restart(async () => {
      fs.renameSync(to, again);
      fs.appendFileSync(again, lines('a4'));
      return startJsonl();
    });
    expect(run.ids()).toEqual(['a4']);
    expect(run.follower.status()).toMatchObject({ files: 1, moves: 1 });
  });

  it('does not read a file again when it is copied to a new path and the original removed (another inode: the content key)', async () => {
    const from = write(path.join(sessions, 'rollout-a.jsonl'), lines('a1', 'a2'));
    let run = await startJsonl();
    const to = write(path.join(archive, 'rollout-a.jsonl'), fs.readFileSync(from, 'utf8') + lines('a3'));
    fs.rmSync(from);
    await run.follower.poke(true);
    expect(run.ids()).toEqual(['a1', 'a2', 'a3']);
    expect(run.follower.status()).toMatchObject({ files: 1, moves: 1 });

    // The same while stopped: the key is in the store.
    run = await restart(async () => {
      write(path.join(sessions, 'rollout-a.jsonl'), fs.readFileSync(to, 'utf8') + lines('a4'));
      fs.rmSync(to);
      return startJsonl();
    });
    expect(run.ids()).toEqual(['a4']);

    // A new file that only looks like it (its start differs) is read in full.
    write(path.join(archive, 'rollout-z.jsonl'), lines('z1', 'a1', 'a2'));
    await run.follower.poke(true);
    expect(run.ids()).toEqual(['a4', 'z1', 'a1', 'a2']);
  });

  it('reads a truncated file, or one replaced by another file (new inode at the same path), again from the start', async () => {
    const a = write(path.join(sessions, 'rollout-a.jsonl'), lines('a1', 'a2', 'a3'));
    const { follower, ids } = await startJsonl();
    fs.writeFileSync(a, lines('t1')); // shorter than what was read: truncated and rewritten
    await follower.poke();
    expect(ids()).toEqual(['a1', 'a2', 'a3', 't1']);

    const replacement = write(path.join(tmp, 'elsewhere.jsonl'), lines('r1', 'r2'));
    fs.renameSync(replacement, a);
    await follower.poke();
    expect(ids()).toEqual(['a1', 'a2', 'a3', 't1', 'r1', 'r2']);
    fs.appendFileSync(a, lines('r3'));
    await follower.poke();
    expect(ids().slice(-1)).toEqual(['r3']);
    expect(follower.status()).toMatchObject({ files: 1, restarts: 2, moves: 0 });
  });

  it('reads a file rewritten in place while stopped (same inode, other start) from the start, not from its old offset', async () => {
    const a = write(path.join(sessions, 'rollout-a.jsonl'), lines('a1', 'a2'));
    let run = await startJsonl();
    run = await restart(async () => {
      fs.writeFileSync(a, lines('b1', 'b2', 'b3')); // O_TRUNC keeps the inode; longer than before
      return startJsonl();
    });
    expect(run.ids()).toEqual(['b1', 'b2', 'b3']);
  });

  it('follows a file and its hard link once', async () => {
    const a = write(path.join(sessions, 'rollout-a.jsonl'), lines('a1'));
    fs.mkdirSync(archive, { recursive: true });
    fs.linkSync(a, path.join(archive, 'rollout-a.jsonl'));
    const { follower, ids } = await startJsonl();
    fs.appendFileSync(a, lines('a2'));
    await follower.poke(true);
    expect(ids()).toEqual(['a1', 'a2']);
    expect(follower.status()).toMatchObject({ files: 1, aliases: 1 });
  });

  it('picks up appended lines through fs.watch without a poke', async () => {
    const a = write(path.join(sessions, 'rollout-a.jsonl'), lines('a1'));
    const { ids } = await startJsonl();
    fs.appendFileSync(a, lines('a2'));
    await expect.poll(ids, { timeout: 2000, interval: 10 }).toEqual(['a1', 'a2']);
  });
});

interface Message {
  id: string;
  type: 'user' | 'gemini';
  content: string;
  tokens?: { input: number; output: number };
}

/** A follower of chat documents (as the Gemini CLI writes them): `{ sessionId, messages: [...] }`, rewritten on every turn. */
async function startDocuments() {
  const got: Array<{ id: string; record: Message; chat: string }> = [];
  const follower = new FileFollower<{ chat: string }, Message>({
    source: 'docs',
    roots: [path.join(tmp, 'gemini')],
    globs: ['*/chats/session-*.json'],
    open: (file) => ({ chat: path.basename(file, '.json') }),
    mode: {
      kind: 'document',
      records: (doc) => {
        const messages = (doc as { messages?: unknown }).messages;
        if (!Array.isArray(messages)) throw new Error('not a chat');
        return (messages as Message[]).map((m) => ({ id: m.id, record: m }));
      },
      onRecord: (record, id, file) => void got.push({ id, record, chat: file.state.chat }),
    },
    pollMs: 60_000,
  });
  await start(follower);
  return { follower, got, ids: () => got.map((g) => g.id) };
}

const chatFile = () => path.join(tmp, 'gemini', 'abc123', 'chats', 'session-1.json');
const writeChat = (messages: Message[], file = chatFile()) =>
  write(file, JSON.stringify({ sessionId: 's1', lastUpdated: new Date().toISOString(), messages }, null, 2));
const user = (id: string): Message => ({ id, type: 'user', content: `question ${id}` });
const gemini = (id: string, tokens?: Message['tokens']): Message => ({ id, type: 'gemini', content: `answer ${id}`, ...(tokens ? { tokens } : {}) });

describe('FileFollower, whole documents', () => {
  it('hands over only records not seen before when the writer rewrites the document, and a record again when it changed', async () => {
    writeChat([user('u1'), gemini('g1', { input: 10, output: 5 })]);
    const { follower, got, ids } = await startDocuments();
    expect(ids()).toEqual(['u1', 'g1']);
    expect(got[0]?.chat).toBe('session-1');

    writeChat([user('u1'), gemini('g1', { input: 10, output: 5 }), user('u2'), gemini('g2')]);
    await follower.poke();
    expect(ids()).toEqual(['u1', 'g1', 'u2', 'g2']);

    // The last message updated in place (its token counts arrive after streaming).
    writeChat([user('u1'), gemini('g1', { input: 10, output: 5 }), user('u2'), gemini('g2', { input: 20, output: 7 })]);
    await follower.poke();
    expect(ids()).toEqual(['u1', 'g1', 'u2', 'g2', 'g2']);
    expect(got.at(-1)?.record.tokens).toEqual({ input: 20, output: 7 });

    // Unchanged: nothing; half written: counted as broken, read again once complete.
    await follower.poke();
    fs.writeFileSync(chatFile(), '{"sessionId":"s1","messages":[{"id":"u1"');
    await follower.poke();
    writeChat([user('u1'), gemini('g1', { input: 10, output: 5 }), user('u2'), gemini('g2', { input: 20, output: 7 }), user('u3')]);
    await follower.poke();
    expect(ids()).toEqual(['u1', 'g1', 'u2', 'g2', 'g2', 'u3']);
    expect(follower.status()).toMatchObject({ files: 1, mode: 'document', documents: { parsed: 4, broken: 1, records: 15, handed: 6 } });
  });

  it('keeps what it handed over when the document is rewritten by a rename over it or moves, and hands all over again after a restart', async () => {
    writeChat([user('u1'), gemini('g1')]);
    let run = await startDocuments();
    const tmpFile = path.join(tmp, 'gemini', 'abc123', 'chats', '.session-1.json.tmp');
    writeChat([user('u1'), gemini('g1'), user('u2')], tmpFile);
    fs.renameSync(tmpFile, chatFile());
    await run.follower.poke(true);
    expect(run.ids()).toEqual(['u1', 'g1', 'u2']);

    const moved = path.join(tmp, 'gemini', 'abc123', 'chats', 'session-1-archived.json');
    fs.renameSync(chatFile(), moved);
    await run.follower.poke(true);
    expect(run.ids()).toEqual(['u1', 'g1', 'u2']);
    expect(run.follower.status()).toMatchObject({ files: 1, moves: 1 });

    // After a restart every record is handed over once more: the store's id de-duplication makes those repeats no-ops.
    run = await restart(startDocuments);
    expect(run.ids()).toEqual(['u1', 'g1', 'u2']);
  });

  it('counts a document of another shape as broken', async () => {
    write(chatFile(), JSON.stringify({ sessionId: 's1' }));
    const { follower, ids } = await startDocuments();
    expect(ids()).toEqual([]);
    expect(follower.status().documents).toMatchObject({ parsed: 0, broken: 1 });
  });
});
