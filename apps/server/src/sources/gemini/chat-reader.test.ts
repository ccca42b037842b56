import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGeminiFixture, naiveGeminiInput, writeGeminiFixture, type GeminiFixture } from '../../test-support/fixtures/gemini.js';
import { GeminiChatReader, type GeminiRecord, type GeminiUsageRecord } from './chat-reader.js';
import { geminiChatFile, geminiTmpRoot } from './paths.js';

const usage = (records: GeminiRecord[]) =>
  records
    .filter((r): r is GeminiUsageRecord => r.kind === 'usage')
    .map((r) => ({ session_id: r.session_id, message_id: r.message_id, model: r.model ?? '', input: r.input, output: r.output, cached: r.cached, thoughts: r.thoughts, tool: r.tool, total: r.total }));

const calls = (records: GeminiRecord[]) => records.flatMap((r) => (r.kind === 'tool_call' ? [{ call_id: r.call_id, name: r.name, success: r.success }] : []));

describe('GeminiChatReader', () => {
  let fixture: GeminiFixture;
  let root: string;

  beforeAll(async () => {
    fixture = buildGeminiFixture();
    root = await mkdtemp(path.join(os.tmpdir(), 'gemini-fixture-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('whole document rewritten each turn: every version read in turn yields each request once, tokens that arrive in a later version included', async () => {
    const reader = new GeminiChatReader({ fallbackSessionId: 'x' });
    const records: GeminiRecord[] = [];
    for (let v = 0; v < fixture.document.versions.length; v++) {
      // Read what the CLI left on disk after each rewrite, as the whole-document follower will.
      const { document } = await writeGeminiFixture(root, fixture, v);
      records.push(...reader.readDocument(JSON.parse(await readFile(document, 'utf8')) as unknown));
    }
    const docTruth = fixture.truth.requests.filter((r) => r.session_id === fixture.document.sessionId);
    expect(usage(records)).toEqual(docTruth);
    expect(calls(records)).toEqual(fixture.truth.toolCalls.filter((c) => c.call_id.startsWith('tc-')));
    expect(reader.sessionId).toBe(fixture.document.sessionId);
    expect(new Set(records.filter((r) => r.kind === 'usage').map((r) => r.id)).size).toBe(docTruth.length);
  });

  it('whole document read only at its last version gives the same requests', () => {
    const reader = new GeminiChatReader({ fallbackSessionId: 'x' });
    const records = reader.readDocument(fixture.document.versions.at(-1));
    expect(usage(records)).toEqual(fixture.truth.requests.filter((r) => r.session_id === fixture.document.sessionId));
  });

  it('JSONL: re-appended messages, a $set that re-sends the list and a $rewindTo count each request once', async () => {
    const { jsonl } = await writeGeminiFixture(root, fixture);
    const reader = new GeminiChatReader({ fallbackSessionId: 'x' });
    const lines = (await readFile(jsonl, 'utf8')).split('\n').filter((l) => l !== '');
    const records = lines.flatMap((l) => reader.pushLine(JSON.parse(l) as unknown));
    expect(usage(records)).toEqual(fixture.truth.requests.filter((r) => r.session_id === fixture.jsonl.sessionId));
    expect(calls(records)).toEqual(fixture.truth.toolCalls.filter((c) => c.call_id.startsWith('jt-')));
    expect(reader.kind).toBe('main');
  });

  it('emits a revision, with the same id, when a message’s tokens change after being read', () => {
    const reader = new GeminiChatReader({ fallbackSessionId: 's' });
    const m = { id: 'g', type: 'gemini', timestamp: '2026-05-02T09:00:00.000Z', model: 'gemini-2.5-pro', tokens: { input: 10, output: 1, cached: 0, thoughts: 0, tool: 0, total: 11 } };
    const first = reader.pushLine(m);
    const again = reader.pushLine(m);
    const revised = reader.pushLine({ ...m, tokens: { ...m.tokens, output: 2, total: 12 } });
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    expect(revised.map((r) => r.kind === 'usage' && [r.id, r.output])).toEqual([['gemini:s:g', 2]]);
    expect(reader.stats.revised).toBe(1);
  });

  it('ignores what is not a record', () => {
    const reader = new GeminiChatReader({ fallbackSessionId: 's' });
    expect([null, 1, 'x', {}, { id: 5 }].flatMap((l) => reader.pushLine(l))).toEqual([]);
    expect(reader.readDocument('nope')).toEqual([]);
  });

  it('documents the trap: adding up every message handed over counts rewrites again', () => {
    const trueInput = fixture.truth.requests.reduce((s, r) => s + r.input, 0);
    const naive = naiveGeminiInput(fixture);
    console.info(`naive sum over every Gemini document version and line: input +${Math.round(((naive - trueInput) / trueInput) * 100)}%`);
    expect(naive).toBeGreaterThan(trueInput * 2);
  });

  it('reads what a chat file path says', () => {
    const tmp = geminiTmpRoot('/home/u');
    expect(tmp).toBe('/home/u/.gemini/tmp');
    expect(geminiChatFile(tmp, `${tmp}/${fixture.projectHash}/chats/session-2026-05-02T09-00-7a1c2e3f.json`)).toEqual({ format: 'document', projectHash: fixture.projectHash, sessionIdHint: '7a1c2e3f', parentSessionId: null });
    expect(geminiChatFile(tmp, `${tmp}/h/chats/parent-id/child-id.jsonl`)).toEqual({ format: 'jsonl', projectHash: 'h', sessionIdHint: 'child-id', parentSessionId: 'parent-id' });
    expect(geminiChatFile(tmp, `${tmp}/h/logs.json`)).toBeNull();
  });
});
