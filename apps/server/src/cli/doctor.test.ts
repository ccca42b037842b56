import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { freePort } from '../test-support/child.js';
import { startServer } from '../test-support/server.js';
import { ensureBuilt, runCli } from '../test-support/statusline-cli.js';
import { hookUrl, monitorHooks } from './hooks-settings.js';

let app: App;
let home: string;

/** Writes an empty file (and its folders) under the temporary HOME. */
const touch = (...parts: string[]) => {
  const file = path.join(home, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
};

beforeAll(async () => {
  ensureBuilt();
  app = await startServer();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-doctor-'));
  touch('.claude/projects/-work-a/11111111-1111-1111-1111-111111111111.jsonl');
  touch('.claude/projects/-work-a/22222222-2222-2222-2222-222222222222.jsonl');
  touch('.claude/projects/-work-a/22222222-2222-2222-2222-222222222222/subagents/agent-1.jsonl');
  touch('.claude/projects/-work-a/notes.txt'); // not a transcript
  touch('.codex/sessions/2026/01/02/rollout-2026-01-02T10-00-00-abc.jsonl');
  touch('.codex/archived_sessions/rollout-2026-01-01T10-00-00-def.jsonl');
  touch('.gemini/tmp/0123abcd/chats/session-2026-01-02T10-00-abcdefgh.json');
}, 120_000);

afterAll(async () => {
  await app?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const settingsFile = () => path.join(home, '.claude', 'settings.json');
const writeSettings = (s: unknown) => fs.writeFileSync(settingsFile(), JSON.stringify(s, null, 2));

describe('amiga-monitor doctor (as a process)', () => {
  it('reports the folders with their transcript counts, our hooks and statusLine, OTLP settings and a server that answers', async () => {
    writeSettings({
      model: 'opus',
      hooks: monitorHooks(app.url),
      statusLine: { type: 'command', command: `amiga-monitor statusline --url='${app.url}' --chain='echo mine'` },
    });
    const env = { HOME: home, MONITORING_URL: app.url, CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_EXPORTER_OTLP_ENDPOINT: app.url, OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer secret-secret' };
    const run = await runCli(['doctor'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain(`claude ${path.join(home, '.claude/projects')}: 3 transcript files\n`);
    expect(out).toContain(`claude ${path.join(home, '.config/claude/projects')}: missing\n`);
    expect(out).toContain(`codex  ${path.join(home, '.codex/sessions')}: 1 transcript file\n`);
    expect(out).toContain(`codex  ${path.join(home, '.codex/archived_sessions')}: 1 transcript file\n`);
    expect(out).toContain(`gemini ${path.join(home, '.gemini/tmp')}: 1 transcript file\n`);
    expect(out).toMatch(new RegExp(`hooks: (\\d+) of \\1 events post to ${hookUrl(app.url).replace(/[.]/g, '\\.')} \\(this monitor\\)\\n`));
    expect(out).toContain(`statusLine: amiga-monitor statusline, posting to ${app.url} (this monitor), chaining echo mine\n`);
    expect(out).toContain('CLAUDE_CODE_ENABLE_TELEMETRY=1\n');
    expect(out).toContain(`OTEL_EXPORTER_OTLP_ENDPOINT=${app.url}\n`);
    expect(out).toContain('OTEL_EXPORTER_OTLP_PROTOCOL: unset\n');
    expect(out).not.toContain('secret-secret');
    expect(out).toMatch(/\/api\/health: answers HTTP 200 status=ok in \d+ ms\n$/);
  });

  it('follows CLAUDE_CONFIG_DIR and CODEX_HOME, and says when hooks point elsewhere and the statusLine is not ours', async () => {
    const other = `http://127.0.0.1:${await freePort()}`;
    writeSettings({ hooks: monitorHooks(other), statusLine: { type: 'command', command: 'echo mine' } });
    const env = { HOME: home, CLAUDE_CONFIG_DIR: path.join(home, 'elsewhere'), CODEX_HOME: path.join(home, '.codex'), MONITORING_URL: app.url };
    const run = await runCli(['doctor', '--settings', settingsFile()], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`claude ${path.join(home, 'elsewhere/projects')}: missing\n`);
    expect(run.stdout).toContain(`(not ${hookUrl(app.url)})`);
    expect(run.stdout).toContain('statusLine: another command, not AMIGA Monitor');
  });

  it('a closed port, no settings file and no folders: still exit 0, each said plainly', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-doctor-empty-'));
    try {
      const url = `http://127.0.0.1:${await freePort()}`;
      const run = await runCli(['doctor', '--url', url, '--timeout', '2'], { env: { HOME: empty, MONITORING_URL: app.url } });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`${path.join(empty, '.claude', 'settings.json')}: not found`);
      expect(run.stdout).toContain(`claude ${path.join(empty, '.claude/projects')}: missing\n`);
      expect(run.stdout).toContain(`server ${url}:\n  /api/health: no answer (ECONNREFUSED)\n`);
      expect(run.ms).toBeLessThan(5_000);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('a settings file that is not JSON is reported, not a crash; usage errors exit 2', async () => {
    fs.writeFileSync(settingsFile(), '{ not json');
    const run = await runCli(['doctor', '--url', `http://127.0.0.1:${await freePort()}`, '--timeout', '1'], { env: { HOME: home } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/settings\.json is not valid JSON/);
    for (const args of [['--bogus'], ['--url', 'nope'], ['--timeout', '0']]) {
      const bad = await runCli(['doctor', ...args], { env: { HOME: home } });
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^amiga-monitor doctor: [^\n]+\n$/);
    }
  });
});
