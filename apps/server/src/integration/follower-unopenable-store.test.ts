import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig } from '../config/config.js';
import { waitFor } from '../test-support/server.js';
import { responseLines } from '../test-support/transcript-lines.js';

/**
 * Transcripts while the database cannot be opened: the follower does not know how far it read,
 * so it reads nothing (rather than everything again from the start), says so, and resumes from
 * the saved positions once a good file is in place.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-follow-unopenable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const transcript = path.join(dir, 'claude', 'projects', '-home-dev-app', 'session-1.jsonl');
const response = (i: number) =>
  responseLines({
    sessionId: 'session-1', cwd: '/home/dev/app', timestamp: new Date(Date.now() - 60_000).toISOString(), messageId: `msg_${i}`,
    requestId: `req_${i}`, model: 'claude-sonnet-4-5-20250929', input: 100 + i, output: 10, tools: [{ id: `toolu_${i}`, name: 'Read' }],
  }).join('\n') + '\n';

async function start(dbPath: string): Promise<App> {
  app = createApp({ config: testConfig({ dbPath, sources: ['claude'], claudeDirs: [path.join(dir, 'claude')], transcriptPollMs: 50 }), storeRetryMs: 100 });
  await app.listen();
  return app;
}

type ClaudeStatus = { state: string; lines: { seen: number; parsed: number } };
const claudeStatus = async (a: App) =>
  ((await (await fetch(`${a.url}/api/sources`)).json()) as { sources: Array<{ name: string; status: ClaudeStatus }> }).sources.find((s) => s.name === 'claude')?.status;
const overview = async (a: App) =>
  ((await (await fetch(`${a.url}/api/metrics/overview?hours=24`)).json()) as { claude_api: { total_requests: number; total_input_tokens: number } }).claude_api;

describe('the file follower and a database that cannot be opened', () => {
  it('reads nothing while the store cannot say how far it read, then resumes from the saved positions', async () => {
    fs.mkdirSync(path.dirname(transcript), { recursive: true });
    fs.writeFileSync(transcript, [0, 1, 2, 3, 4].map(response).join(''));
    const dbPath = path.join(dir, 'monitor.db');
    const first = await start(dbPath);
    expect(await overview(first)).toMatchObject({ total_requests: 5 });
    await first.close();
    app = undefined;

    // The good file goes aside, a corrupt one takes its place, and the transcript grows meanwhile.
    const kept = path.join(dir, 'kept.db');
    fs.renameSync(dbPath, kept);
    fs.writeFileSync(dbPath, 'not a database '.repeat(100));
    fs.appendFileSync(transcript, [5, 6, 7].map(response).join(''));

    const second = await start(dbPath);
    await new Promise((r) => setTimeout(r, 500)); // ten polls
    expect(await claudeStatus(second)).toMatchObject({ state: 'waiting', lines: { seen: 0, parsed: 0 } });

    fs.renameSync(kept, dbPath);
    await waitFor(async () => (await overview(second)).total_requests === 8, 10_000, 'the three new requests');
    const totals = await overview(second);
    expect(totals.total_input_tokens).toBe([0, 1, 2, 3, 4, 5, 6, 7].reduce((sum, i) => sum + 100 + i, 0));
    // Only the lines after the saved position were read: one line per content block, one block each.
    expect(await claudeStatus(second)).toMatchObject({ state: 'live', lines: { parsed: 3 } });
  }, 30_000);
});
