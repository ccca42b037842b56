import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot, SessionStateEvent } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig } from '../config/config.js';
import { next, waitFor, type TestClient } from '../test-support/server.js';

let app: App | undefined;
let socket: TestClient | undefined;
let tmp: string | undefined;
afterEach(async () => {
  socket?.close();
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const SESSION = '01970000-0000-7000-8000-00000000c1a1';
const CHILD = '01970000-0000-7000-8000-00000000c1a2';
const OLD = '01970000-0000-7000-8000-00000000c1a3';
const line = (at: number, type: string, payload: unknown) => JSON.stringify({ timestamp: new Date(at).toISOString(), type, payload }) + '\n';
const usage = (input: number) => ({ input_tokens: input, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: input + 10 });

function rolloutPath(home: string, id: string): string {
  const file = path.join(home, 'sessions', '2026', '12', '03', `rollout-2026-12-03T06-00-00-${id}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

describe('Codex live state from its rollout', () => {
  it('a turn that starts and completes moves the session working then idle, pushed to the sessions room; subagents and old rollouts write none', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-codex-live-'));
    const home = path.join(tmp, '.codex');
    const t0 = Date.now() - 5_000;
    const file = rolloutPath(home, SESSION);
    fs.writeFileSync(file, line(t0, 'session_meta', { id: SESSION, timestamp: new Date(t0).toISOString(), cwd: '/home/dev/live', source: 'cli' }) + line(t0 + 1, 'turn_context', { model: 'gpt-5-codex', cwd: '/home/dev/live' }));
    // A subagent whose replay copies the parent's task_started, then completes its own turn: neither moves any live state.
    fs.writeFileSync(
      rolloutPath(home, CHILD),
      line(t0, 'session_meta', { id: CHILD, timestamp: new Date(t0).toISOString(), cwd: '/home/dev/live', source: { subagent: { thread_spawn: { parent_thread_id: SESSION, depth: 1 } } } }) +
        line(t0 + 2, 'event_msg', { type: 'task_started', model_context_window: 272000 }) +
        line(t0 + 2_500, 'response_item', { type: 'reasoning', summary: [] }) +
        line(t0 + 3_000, 'event_msg', { type: 'task_complete', last_agent_message: 'done' }),
    );
    // A rollout from two days ago: its idle state is history, not a live session.
    const old = Date.now() - 2 * 86_400_000;
    fs.writeFileSync(rolloutPath(home, OLD), line(old, 'session_meta', { id: OLD, timestamp: new Date(old).toISOString(), cwd: '/old' }) + line(old + 5, 'event_msg', { type: 'task_started' }));

    app = createApp({ config: testConfig({ sources: ['codex'], codexHomes: [home], transcriptPollMs: 50 }) });
    await app.listen();
    socket = connect(app.url, { transports: ['websocket'], reconnection: false, forceNew: true });
    await next(socket, 'connected');
    const joined = next(socket, 'room');
    socket.emit('subscribe_sessions');
    await joined;
    const seen: Array<SessionStateEvent & { at: number }> = [];
    socket.on('session_state', (e: SessionStateEvent) => seen.push({ ...e, at: performance.now() }));

    const appended = performance.now();
    fs.appendFileSync(file, line(Date.now(), 'event_msg', { type: 'task_started', model_context_window: 272000 }) + line(Date.now(), 'event_msg', { type: 'user_message', message: 'fix the tests' }));
    await waitFor(() => seen.some((e) => e.session_id === SESSION && e.state === 'working'), 3_000, 'working');
    const working = seen.find((e) => e.session_id === SESSION && e.state === 'working')!;
    expect(working).toMatchObject({ agent: 'codex', project: '/home/dev/live', previous: null });
    expect(working.at - appended).toBeLessThan(1_000);

    fs.appendFileSync(
      file,
      line(Date.now(), 'event_msg', { type: 'token_count', info: { total_token_usage: usage(900), last_token_usage: usage(900) }, rate_limits: null }) +
        line(Date.now(), 'event_msg', { type: 'task_complete', last_agent_message: 'tests pass' }),
    );
    await waitFor(() => seen.some((e) => e.session_id === SESSION && e.state === 'idle'), 3_000, 'idle');
    expect(seen.find((e) => e.state === 'idle')).toMatchObject({ session_id: SESSION, previous: 'working' });

    const snap = (await (await fetch(`${app.url}/api/metrics/snapshot?hours=1`)).json()) as MetricsSnapshot;
    const listed = snap.live?.sessions ?? [];
    expect(listed.map((s) => [s.session_id, s.agent, s.state])).toEqual([[SESSION, 'codex', 'idle']]);
    expect(seen.every((e) => e.session_id === SESSION)).toBe(true);
    // The numbers of the same batch still count: the request of the turn is there once.
    expect(snap.overview.agents?.codex?.requests).toBe(1);
  });
});
