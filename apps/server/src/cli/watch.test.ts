import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { freePort } from '../test-support/child.js';
import { post, startServer, waitFor } from '../test-support/server.js';
import { CLI_MAIN, ensureBuilt, runCli } from '../test-support/statusline-cli.js';

const TOKEN = 'watch-token-0123456789abcdef';
const now = () => Date.now() / 1000;
let app: App;

beforeAll(async () => {
  ensureBuilt();
  app = await startServer({ token: TOKEN });
  const events = [
    { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 10, output_tokens: 20, cost_usd: 0.5, timestamp: now() },
    { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 10, output_tokens: 20, cost_usd: 0.25, timestamp: now() },
    { type: 'task', id: 'watch-task', status: 'completed', timestamp: now() },
  ];
  const res = await post(app, events, { headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(202);
}, 120_000);

afterAll(() => app?.close());

/** Runs `watch --url <app> <args>` with the token in the environment, doing `meanwhile` while it runs; resolves when it exits. */
async function watchWhile(args: string[], meanwhile: (out: () => string) => Promise<void>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI_MAIN, 'watch', '--url', app.url, ...args], { env: { PATH: process.env.PATH ?? '', MONITORING_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await meanwhile(() => stdout);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { code: await code, stdout, stderr };
}

const UPDATE = /^metrics_update cost=\$0\.7500 requests=2 tasks=1 \(running 0, completed 1, failed 0\) bytes=(\d+)$/;

describe('amiga-monitor watch (as a process, against a real server)', () => {
  for (const transport of ['websocket', 'polling', 'sse'] as const) {
    it(`prints connected, subscribed and each metrics_update over ${transport}`, async () => {
      // Updates go out on change: a tool call after the first one changes the snapshot, not these totals.
      const run = await watchWhile(['--transport', transport, '--hours', '6', '--interval', '1', '--count', '2'], async (out) => {
        await waitFor(() => /metrics_update/.test(out()), 10_000, 'the first update');
        const res = await post(app, { type: 'tool_call', tool: 'Bash', timestamp: now() }, { headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
        expect(res.status).toBe(202);
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toMatch(transport === 'sse' ? /^connected transport=sse status=200$/ : new RegExp(`^connected client_id=[\\w-]{8,} transport=${transport}$`));
      expect(lines[1]).toBe('subscribed hours=6 update_interval=1');
      expect(lines.slice(2)).toHaveLength(2);
      for (const line of lines.slice(2)) {
        const bytes = Number(UPDATE.exec(line)?.[1]);
        expect(line).toMatch(UPDATE);
        expect(bytes).toBeGreaterThan(500);
      }
    });
  }

  it('takes --url and --token over MONITORING_URL and MONITORING_TOKEN', async () => {
    const env = { MONITORING_URL: `http://127.0.0.1:${await freePort()}`, MONITORING_TOKEN: 'wrong-token-wrong-token-wrong' };
    const run = await runCli(['watch', '--url', app.url, '--token', TOKEN, '--count', '1'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/subscribed hours=24 update_interval=2\n/);
  });

  for (const transport of ['websocket', 'sse'] as const) {
    it(`a wrong token exits 1 at once with one clear line (${transport})`, async () => {
      const run = await runCli(['watch', '--url', app.url, '--transport', transport, '--token', 'wrong-token-wrong-token-wrong'], {});
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^amiga-monitor watch: cannot connect to ${app.url}: .*(unauthorized|HTTP 401 a valid token is required)`));
      expect(run.ms).toBeLessThan(5_000);
    });
  }

  for (const transport of ['websocket', 'polling', 'sse'] as const) {
    it(`a closed port exits 1 within the timeout (${transport})`, async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const run = await runCli(['watch', '--transport', transport, '--timeout', '1.5'], { env: { MONITORING_URL: url } });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`amiga-monitor watch: not connected and subscribed to ${url} within 1.5 s (${transport})\n`);
      expect(run.stdout).toMatch(/connect_error .* \(retrying\)/);
      expect(run.ms).toBeGreaterThan(1_400);
      expect(run.ms).toBeLessThan(4_000);
    });
  }

  it('usage errors are one line and exit 2', async () => {
    for (const args of [['--hours', '0'], ['--interval', '61'], ['--transport', 'carrier-pigeon'], ['--timeout=-1'], ['--timeout', '-1'], ['--url', 'ftp://x'], ['--bogus']]) {
      const run = await runCli(['watch', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^amiga-monitor watch: /);
    }
  });

  it('prints the disconnect and the reconnect when the server restarts, and subscribes again', async () => {
    const port = await freePort();
    let server = await startServer({ port });
    const child = spawn(process.execPath, [CLI_MAIN, 'watch', '--url', server.url, '--interval', '1'], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitFor(() => /metrics_update/.test(out), 10_000, 'the first update');
      await server.close();
      await waitFor(() => /disconnected transport close/.test(out), 10_000, 'the disconnect line');
      server = await startServer({ port });
      await waitFor(() => /reconnected after \d+ attempt\(s\)/.test(out), 15_000, 'the reconnect line');
      await waitFor(() => out.split('\n').filter((l) => l.startsWith('subscribed')).length === 2, 10_000, 'the second subscribe');
      expect(out).toMatch(/reconnecting attempt=1\n/);
    } finally {
      child.kill('SIGTERM');
      await server.close();
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
