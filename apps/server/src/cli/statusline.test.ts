import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_PATHS, metricsSnapshot } from '@amiga/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-support/child.js';
import { startServer } from '../test-support/server.js';
import { ensureBuilt, recordingServer, runCli } from '../test-support/statusline-cli.js';
import { TOKEN_ENV } from './hooks-settings.js';
import { STATUSLINE_PATH } from './statusline-post.js';
import { TOKEN_ENVS } from './statusline.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../test-support/fixtures/statusline');
const raw = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const now = () => Math.floor(Date.now() / 1000);
/** The subscriber fixture with its windows resetting in 1h12m and 3d4h (plus a few seconds of slack). */
function subscriber(): string {
  const line = JSON.parse(raw('subscriber.json')) as { rate_limits: Record<string, { used_percentage: number; resets_at: number }> };
  const t = now();
  line.rate_limits.five_hour = { used_percentage: 42, resets_at: t + 72 * 60 + 30 };
  line.rate_limits.seven_day = { used_percentage: 18.2, resets_at: t + (3 * 24 + 4) * 3600 + 30 };
  return JSON.stringify(line);
}
const EXPECTED = 'Opus 4.6 · $3.42 · 5h 42% (resets 1h12m) · 7d 18% (3d4h) · ctx 42%\n';

beforeAll(() => ensureBuilt(), 120_000);

describe('amiga-monitor statusline (as a process)', () => {
  it('posts the JSON as Claude Code wrote it, with the token and the machine, and prints one line', async () => {
    const server = await recordingServer();
    try {
      const input = subscriber();
      const run = await runCli(['statusline', '--machine', 'laptop 1'], { input, env: { MONITORING_URL: server.url, MONITORING_INGEST_TOKEN: 'ingest-token-0123456789abcdef' } });
      expect(run).toMatchObject({ code: 0, stdout: EXPECTED, stderr: '' });
      expect(server.received).toHaveLength(1);
      const [post] = server.received;
      expect(post).toMatchObject({ method: 'POST', url: `${API_PATHS.statuslineClaudeCode}?machine=laptop-1`, body: input });
      expect(post?.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer ingest-token-0123456789abcdef' });
    } finally {
      await server.close();
    }
  });

  it('takes the URL and token from flags over the environment, and sends no token when none is set', async () => {
    const server = await recordingServer();
    try {
      const env = { MONITORING_URL: 'http://127.0.0.1:1', AMIGA_MONITOR_TOKEN: 'from-env', MONITORING_MACHINE: 'desk' };
      await runCli(['statusline', '--url', server.url, '--token', 'from-flag'], { input: raw('first-render.json'), env });
      await runCli(['statusline', '--url', `${server.url}/`], { input: raw('first-render.json'), env: { MONITORING_MACHINE: 'desk' } });
      expect(server.received.map((r) => [r.url, r.headers.authorization])).toEqual([
        [`${STATUSLINE_PATH}?machine=desk`, 'Bearer from-flag'],
        [`${STATUSLINE_PATH}?machine=desk`, undefined],
      ]);
    } finally {
      await server.close();
    }
  });

  it('feeds the real monitor: the snapshot\'s limits show the posted percentages', async () => {
    const app = await startServer({ token: 'read-token-0123456789abcdefghij', ingestToken: 'ingest-token-0123456789abcdef' });
    try {
      const run = await runCli(['statusline', '--machine', 'cli-box'], { input: subscriber(), env: { MONITORING_URL: app.url, MONITORING_INGEST_TOKEN: 'ingest-token-0123456789abcdef' } });
      expect(run.stdout).toBe(EXPECTED);
      const res = await fetch(`${app.url}/api/metrics/snapshot?hours=1`, { headers: { authorization: 'Bearer read-token-0123456789abcdefghij' } });
      const limits = metricsSnapshot.parse(await res.json()).limits?.filter((l) => l.machine === 'cli-box');
      expect(limits).toEqual([
        expect.objectContaining({ agent: 'claude-code', window: '5h', used_percent: 42, source: 'statusline', reset: false }),
        expect.objectContaining({ agent: 'claude-code', window: '7d', used_percent: 18.2, source: 'statusline', reset: false }),
      ]);
      // The wrong token: refused by the monitor, and still the line, exit 0, nothing on stderr.
      const refused = await runCli(['statusline', '--machine', 'other-box', '--token', 'wrong-token-wrong-token-wrong'], { input: subscriber(), env: { MONITORING_URL: app.url } });
      expect(refused).toMatchObject({ code: 0, stdout: EXPECTED, stderr: '' });
      expect((await app.store.readLimits!()).limits.some((l) => l.machine === 'other-box')).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('a monitor that is down or never answers does not delay the line beyond the 300 ms timeout', async () => {
    const fast = await recordingServer();
    const slow = await recordingServer('never');
    const down = `http://127.0.0.1:${await freePort()}`;
    try {
      const input = subscriber();
      const timed = async (url: string) => {
        const run = await runCli(['statusline', '--url', url], { input });
        expect(run).toMatchObject({ code: 0, stdout: EXPECTED, stderr: '' });
        return run.ms;
      };
      // Baseline: the same command against a monitor that answers at once (process start included).
      const baseline = Math.max(await timed(fast.url), await timed(fast.url));
      const downMs = await timed(down);
      const slowMs = await timed(slow.url);
      expect(fast.received).toHaveLength(2);
      expect(slow.received).toHaveLength(1); // the post was made, and given up after the timeout
      expect(downMs).toBeLessThan(baseline + 600);
      expect(slowMs).toBeLessThan(baseline + 600);
      expect(slowMs).toBeGreaterThanOrEqual(300); // it did wait for the post, up to the timeout
    } finally {
      await Promise.all([fast.close(), slow.close()]);
    }
  });

  it('stdin that is absent, empty, not JSON or not an object prints a minimal line, exits 0 and posts nothing', async () => {
    const server = await recordingServer();
    try {
      for (const input of [undefined, '', '{"session_id": "x", ', '[1, 2]', '"hello"', 'null']) {
        const run = await runCli(['statusline', '--url', server.url], { input });
        expect(run, String(input)).toMatchObject({ code: 0, stdout: 'AMIGA Monitor · no status data\n' });
      }
      expect(server.received).toEqual([]);
      // A stdin that is never closed: the line comes from what arrived, within the stdin timeout.
      const open = await runCli(['statusline', '--url', server.url], { input: subscriber(), keepStdinOpen: true });
      expect(open).toMatchObject({ code: 0, stdout: EXPECTED });
      expect(open.ms).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('a bad flag or URL is reported on stderr only: the line is still printed and the exit code is 0', async () => {
    const bogus = await runCli(['statusline', '--bogus'], { input: subscriber() });
    expect(bogus).toMatchObject({ code: 0, stdout: 'AMIGA Monitor · no status data\n' });
    expect(bogus.stderr).toMatch(/--bogus/);
    const badUrl = await runCli(['statusline', '--url', 'not a url'], { input: subscriber() });
    expect(badUrl).toMatchObject({ code: 0, stdout: EXPECTED, stderr: '' });
  });

  it('runs a chained command with the same stdin and prints its output first', async () => {
    const server = await recordingServer();
    try {
      const input = subscriber();
      const run = await runCli(['statusline', '--url', server.url, '--chain=wc -c; echo "mine"'], { input });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${Buffer.byteLength(input)}\nmine\n${EXPECTED}`);
      expect(server.received).toHaveLength(1);
      const failing = await runCli(['statusline', '--url', server.url, '--chain', 'exit 3'], { input });
      expect(failing).toMatchObject({ code: 0, stdout: EXPECTED });
    } finally {
      await server.close();
    }
  });

  it('reads the token variable the hooks use, first', () => {
    expect(TOKEN_ENVS[0]).toBe(TOKEN_ENV);
    expect(STATUSLINE_PATH).toBe(API_PATHS.statuslineClaudeCode);
  });
});
