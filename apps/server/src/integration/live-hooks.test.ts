import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot, SessionStateEvent } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { monitorHooks } from '../cli/hooks-settings.js';
import { claudeSession, postHook } from '../test-support/hooks.js';
import { next, startServer, waitFor, type TestClient } from '../test-support/server.js';

let app: App;
const sockets: TestClient[] = [];

async function open(target: App, nsp = ''): Promise<TestClient> {
  const s: TestClient = connect(`${target.url}${nsp}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await next(s, 'connected');
  const answer = next(s, 'room');
  s.emit('subscribe_sessions');
  expect(await answer).toEqual({ room: 'sessions', joined: true });
  return s;
}

/** Every session_state a socket receives, with when it arrived. */
function states(s: TestClient): Array<SessionStateEvent & { at: number }> {
  const seen: Array<SessionStateEvent & { at: number }> = [];
  s.on('session_state', (e) => seen.push({ ...e, at: performance.now() }));
  return seen;
}

async function snapshot(target: App): Promise<MetricsSnapshot> {
  return (await fetch(`${target.url}/api/metrics/snapshot`)).json() as Promise<MetricsSnapshot>;
}
const liveOf = async (target: App, id: string) => (await snapshot(target)).live?.sessions.find((s) => s.session_id === id);

/** Posts a hook; returns when its 200 arrived. */
async function hook(target: App, body: unknown): Promise<number> {
  const res = await postHook(target, body);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
  return performance.now();
}

beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app.close();
});

describe('POST /api/hooks/claude-code', () => {
  it('a permission prompt in the middle of a tool call: working, needs_input with why, working, idle, each pushed within 300 ms', async () => {
    const s = await open(app);
    const onMetrics = await open(app, '/metrics');
    const seen = states(s);
    const seenThere = states(onMetrics);
    const c = claudeSession('perm-1');
    const bash = { command: 'npm publish --access public', description: 'publish' };
    const answered: number[] = [];
    for (const body of [c.start(), c.prompt('publish the package'), c.preTool('Bash', bash, 'toolu_01'), c.permission('Bash')]) answered.push(await hook(app, body));
    await waitFor(() => seen.length === 4, 2_000, 'four session_state events');
    expect(seen.map((e) => [e.previous, e.state, e.tool])).toEqual([
      [null, 'idle', null],
      ['idle', 'working', null],
      ['working', 'working', 'Bash'],
      ['working', 'needs_input', 'Bash'],
    ]);
    seen.forEach((e, i) => expect(e.at - (answered[i] as number)).toBeLessThan(300));
    expect(seen[3]).toMatchObject({ session_id: 'perm-1', agent: 'claude-code', project: '/home/dev/shop', message: 'Claude needs your permission to use Bash' });

    const waiting = await liveOf(app, 'perm-1');
    expect(waiting).toMatchObject({ state: 'needs_input', tool: 'Bash', message: 'Claude needs your permission to use Bash', subagents: [] });
    expect((await snapshot(app)).live?.counts.needs_input).toBeGreaterThanOrEqual(1);

    // The user approves: the tool runs and ends, the turn ends.
    await hook(app, c.postTool('Bash', bash, 'toolu_01'));
    await hook(app, c.stop());
    await waitFor(() => seen.length === 6, 2_000, 'two more events');
    expect(seen.slice(4).map((e) => [e.previous, e.state, e.tool, e.message])).toEqual([
      ['needs_input', 'working', null, null],
      ['working', 'idle', null, null],
    ]);
    await waitFor(() => seenThere.length === 6, 2_000, 'the /metrics namespace too');
    expect(seenThere.map((e) => e.state)).toEqual(seen.map((e) => e.state));
    expect(await liveOf(app, 'perm-1')).toMatchObject({ state: 'idle', tool: null });
  });

  it('subagents are listed while they run; the session stays working until Stop', async () => {
    const c = claudeSession('sub-1');
    await hook(app, c.prompt('review the code'));
    await hook(app, c.subagentStart('agent-a', 'code-reviewer'));
    await hook(app, c.subagentStart('agent-b', 'Explore'));
    await hook(app, c.preTool('Read', { file_path: '/home/dev/shop/src/cart.ts' }, 'toolu_sub'));
    expect(await liveOf(app, 'sub-1')).toMatchObject({
      state: 'working',
      tool: 'Read',
      subagents: [
        { id: 'agent-a', type: 'code-reviewer' },
        { id: 'agent-b', type: 'Explore' },
      ],
    });
    await hook(app, c.subagentStop('agent-a', 'code-reviewer'));
    expect((await liveOf(app, 'sub-1'))?.subagents).toEqual([{ id: 'agent-b', type: 'Explore' }]);
    await hook(app, c.stop());
    expect(await liveOf(app, 'sub-1')).toMatchObject({ state: 'idle', subagents: [], tool: null });
  });

  it('two sessions interleaved keep their own states', async () => {
    const s = await open(app);
    const seen = states(s);
    const a = claudeSession('mix-a', '/work/api');
    const b = claudeSession('mix-b', '/work/web');
    await hook(app, a.prompt('fix the bug'));
    await hook(app, b.prompt('add a page'));
    await hook(app, a.preTool('Edit', { file_path: '/work/api/x.ts', old_string: 'a', new_string: 'b' }, 'toolu_a1'));
    await hook(app, b.preTool('Bash', { command: 'rm -rf dist' }, 'toolu_b1'));
    await hook(app, b.permission('Bash'));
    await hook(app, a.postTool('Edit', {}, 'toolu_a1'));
    await hook(app, a.stop());
    expect(await liveOf(app, 'mix-a')).toMatchObject({ state: 'idle', project: '/work/api' });
    expect(await liveOf(app, 'mix-b')).toMatchObject({ state: 'needs_input', tool: 'Bash', project: '/work/web' });
    await waitFor(() => seen.length === 7, 2_000, 'seven events');
    expect(seen.filter((e) => e.session_id === 'mix-b').map((e) => e.state)).toEqual(['working', 'working', 'needs_input']);
    expect(seen.filter((e) => e.session_id === 'mix-a').map((e) => e.state)).toEqual(['working', 'working', 'working', 'idle']);
    // Needing input comes first in the dashboard; the snapshot lists the newest first.
    const listed = (await snapshot(app)).live?.sessions.map((x) => x.session_id) ?? [];
    expect(listed.indexOf('mix-a')).toBeLessThan(listed.indexOf('mix-b'));
  });

  it('a change of live state alone pushes a new snapshot to subscribers', async () => {
    const s = await open(app);
    const first = next(s, 'metrics_update');
    s.emit('subscribe', { update_interval: 1 });
    await first;
    const pushed = new Promise<MetricsSnapshot>((resolve) => {
      s.on('metrics_update', (m) => {
        if (m.live?.sessions.some((x) => x.session_id === 'push-1' && x.state === 'needs_input')) resolve(m);
      });
    });
    await hook(app, claudeSession('push-1').permission('Bash'));
    expect((await pushed).live?.counts.needs_input).toBeGreaterThanOrEqual(1);
  });

  it('an ended session stays listed as ended', async () => {
    const c = claudeSession('end-1');
    await hook(app, c.start());
    await hook(app, c.end('logout'));
    expect(await liveOf(app, 'end-1')).toMatchObject({ state: 'ended', message: 'ended: logout' });
  });

  it('refuses what is not a hook event with a clear 400, accepts unknown event names and stores nothing for them', async () => {
    const cases: Array<[unknown, RegExp]> = [
      ['{"session_id": "x", ', /malformed JSON/],
      ['[1, 2]', /expected a JSON object/],
      ['"Stop"', /expected a JSON object/],
      [{ hook_event_name: 'Stop' }, /session_id is required/],
      [{ session_id: 'x' }, /hook_event_name is required/],
      [{ session_id: 42, hook_event_name: 'Stop' }, /session_id/],
      [{ session_id: 'x', hook_event_name: 'PreToolUse', tool_name: 7 }, /tool_name/],
    ];
    for (const [body, message] of cases) {
      const res = await postHook(app, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await liveOf(app, 'x')).toBeUndefined();
    const future = await postHook(app, { session_id: 'future-1', hook_event_name: 'TeammateIdle', teammate: 'x' });
    expect(future.status).toBe(200);
    expect(await future.json()).toEqual({});
    expect(await liveOf(app, 'future-1')).toBeUndefined();
  });

  it('needs the ingest token when one is set', async () => {
    const guarded = await startServer({ ingestToken: 'i'.repeat(32), token: 'r'.repeat(32) });
    try {
      const c = claudeSession('tok-1');
      expect((await postHook(guarded, c.start())).status).toBe(401);
      expect((await postHook(guarded, c.start(), { headers: { authorization: `Bearer ${'r'.repeat(32)}` } })).status).toBe(401);
      const ok = await postHook(guarded, c.start(), { headers: { authorization: `Bearer ${'i'.repeat(32)}`, 'content-type': 'application/json' } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe('the SessionStart command hook amiga-monitor hooks install writes', () => {
  it('posts the event it reads on stdin (as Claude Code runs it), and fails silently when the monitor is down', async () => {
    const command = monitorHooks(app.url).SessionStart?.[0]?.hooks[0]?.command as string;
    const input = JSON.stringify(claudeSession('curl-1').start());
    // Run as Claude Code runs a command hook: a shell, the event's JSON on stdin (asynchronously: the server is in this process).
    const sh = (cmd: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn('sh', ['-c', cmd], { env: { PATH: process.env.PATH } });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code, out }));
        child.stdin.end(input);
      });
    expect(await sh(command)).toEqual({ code: 0, out: '' });
    expect(await liveOf(app, 'curl-1')).toMatchObject({ state: 'idle' });
    const down = monitorHooks('http://127.0.0.1:9').SessionStart?.[0]?.hooks[0]?.command as string;
    expect(await sh(down)).toEqual({ code: 0, out: '' });
  });
});

describe('stale sessions', () => {
  it('a working session that sends nothing goes stale (pushed), and wakes up working on its next event', async () => {
    const quick = await startServer({ staleSessionMinutes: 0.01 });
    try {
      const s = await open(quick);
      const seen = states(s);
      const c = claudeSession('stale-1');
      await hook(quick, c.prompt('long job'));
      await hook(quick, c.preTool('Bash', { command: 'make all' }, 'toolu_s'));
      await waitFor(() => seen.some((e) => e.state === 'stale'), 5_000, 'a stale event');
      expect(seen.at(-1)).toMatchObject({ session_id: 'stale-1', previous: 'working', state: 'stale', tool: null });
      expect(await liveOf(quick, 'stale-1')).toMatchObject({ state: 'stale' });
      expect((await snapshot(quick)).live?.counts.stale).toBe(1);
      await hook(quick, { ...c.postTool('Bash', { command: 'make all' }, 'toolu_s'), hook_event_name: 'PreCompact', trigger: 'auto' });
      expect(await liveOf(quick, 'stale-1')).toMatchObject({ state: 'working' });
    } finally {
      await quick.close();
    }
  });
});

describe('persistence', () => {
  it('the live state survives a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-live-'));
    const dbPath = path.join(dir, 'live.db');
    const first = await startServer({ dbPath });
    const c = claudeSession('restart-1');
    await hook(first, c.prompt('deploy'));
    await hook(first, c.permission('Bash'));
    await first.close();
    const second = await startServer({ dbPath });
    try {
      expect(await liveOf(second, 'restart-1')).toMatchObject({ state: 'needs_input', message: 'Claude needs your permission to use Bash' });
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
