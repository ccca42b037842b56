import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig } from '../config/config.js';

let app: App | undefined;
let socket: Socket | undefined;
let tmp: string | undefined;
afterEach(async () => {
  socket?.close();
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const SESSION = '01970000-0000-7000-8000-0000000b1e01';
const iso = (offsetMs = 0) => new Date(Date.now() + offsetMs).toISOString();
const tokens = (input: number, cached: number, output: number, reasoning: number) => ({ input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output });
const tokenCount = (total: ReturnType<typeof tokens>, last: ReturnType<typeof tokens>) => ({ timestamp: iso(), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: total, last_token_usage: last }, rate_limits: null } });
const jsonl = (...lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

const geminiMessage = (id: string, input: number) => ({ id, timestamp: iso(), type: 'gemini', content: 'ok', model: 'gemini-2.5-flash', tokens: { input, output: 50, cached: 0, thoughts: 10, tool: 0, total: input + 60 } });

describe('codex and gemini sources in a server', () => {
  it('push a response appended to a rollout, and a Gemini file rewritten with one more message, to a subscribed client within 500 ms, each counted once', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-agents-live-'));
    const rollout = path.join(tmp, '.codex', 'sessions', '2026', '12', '02', `rollout-2026-12-02T10-00-00-${SESSION}.jsonl`);
    fs.mkdirSync(path.dirname(rollout), { recursive: true });
    const first = tokens(1000, 0, 100, 20);
    fs.writeFileSync(rollout, jsonl(
      { timestamp: iso(), type: 'session_meta', payload: { id: SESSION, timestamp: iso(), cwd: '/home/dev/live' } },
      { timestamp: iso(), type: 'turn_context', payload: { model: 'gpt-5-codex', cwd: '/home/dev/live' } },
      tokenCount(first, first),
    ));
    const chat = path.join(tmp, '.gemini', 'tmp', 'abc123', 'chats', 'session-2026-12-02T10-00-77777777.json');
    fs.mkdirSync(path.dirname(chat), { recursive: true });
    const doc = (messages: unknown[]) => JSON.stringify({ sessionId: '77777777-0000-4000-8000-000000000000', projectHash: 'abc123', startTime: iso(), lastUpdated: iso(), messages }, null, 2);
    const m1 = geminiMessage('g1', 500);
    fs.writeFileSync(chat, doc([m1]));

    app = createApp({ config: testConfig({ sources: ['codex', 'gemini'], codexHomes: [path.join(tmp, '.codex')], geminiDirs: [path.join(tmp, '.gemini')], transcriptPollMs: 200 }) });
    await app.listen();
    const updates: MetricsSnapshot[] = [];
    socket = connect(app.url, { transports: ['websocket'] });
    socket.on('metrics_update', (s: MetricsSnapshot) => updates.push(s));
    socket.emit('subscribe', { hours: 1, update_interval: 1 });
    await expect.poll(() => updates.length).toBeGreaterThan(0);
    expect(new Set(updates[0]?.sources)).toEqual(new Set(['ingest', 'codex', 'gemini']));
    expect(updates[0]?.overview.claude_api.total_requests).toBe(2);
    const requests = () => updates.at(-1)?.overview.claude_api.total_requests;

    // Codex: one more response (its reasoning, its token_count) and a re-emit of the same totals.
    await new Promise((r) => setTimeout(r, 1100));
    const second = tokens(3000, 1000, 200, 0);
    let started = Date.now();
    fs.appendFileSync(rollout, jsonl({ timestamp: iso(), type: 'response_item', payload: { type: 'reasoning', summary: [] } }, tokenCount(tokens(4000, 1000, 300, 20), second), tokenCount(tokens(4000, 1000, 300, 20), second)));
    await expect.poll(requests, { timeout: 2000, interval: 5 }).toBe(3);
    const codexMs = Date.now() - started;

    // Gemini: the document rewritten whole, with one more message.
    await new Promise((r) => setTimeout(r, 1100));
    started = Date.now();
    fs.writeFileSync(chat, doc([m1, { id: 'u2', timestamp: iso(), type: 'user', content: [{ text: 'more' }] }, geminiMessage('g2', 800)]));
    await expect.poll(requests, { timeout: 2000, interval: 5 }).toBe(4);
    const geminiMs = Date.now() - started;
    console.info(`append-to-client: codex ${codexMs} ms, gemini ${geminiMs} ms`);
    expect(codexMs).toBeLessThan(500);
    expect(geminiMs).toBeLessThan(500);

    // Counted once: later pushes do not grow the figures.
    await new Promise((r) => setTimeout(r, 1200));
    const last = updates.at(-1);
    expect(last?.overview.claude_api.total_requests).toBe(4);
    expect(last?.overview.claude_api.total_input_tokens).toBe(1000 + 2000 + 500 + 800);
    expect(last?.overview.claude_api.total_cache_read_tokens).toBe(1000);
    expect(last?.overview.claude_api.total_output_tokens).toBe(100 + 200 + 60 + 60);
    const cost = (1000 * 1.25 + 100 * 10 + 2000 * 1.25 + 1000 * 0.125 + 200 * 10) / 1e6 + ((500 + 800) * 0.3 + 120 * 2.5) / 1e6;
    expect(last?.overview.costs.total_cost).toBeCloseTo(cost, 6);

    const status = (await (await fetch(`${app.url}/api/sources`)).json()) as { sources: Array<{ name: string; live: boolean; status?: Record<string, unknown> }> };
    expect(status.sources.find((s) => s.name === 'codex')).toMatchObject({ live: true, status: { files: 1, lines: { seen: 6, broken: 0 } } });
    expect(status.sources.find((s) => s.name === 'gemini')).toMatchObject({ live: true, status: { files: 1, documents: { documents: { unparsed: 0 } } } });
  });
});
