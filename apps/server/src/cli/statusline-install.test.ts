import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, ensureBuilt, recordingServer, runCli } from '../test-support/statusline-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-statusline-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

let n = 0;
const tempFile = (text?: string) => {
  const file = path.join(dir, `settings-${n++}`, 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
};
type Settings = Record<string, unknown> & { statusLine?: { type: string; command: string } & Record<string, unknown> };
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Settings;
const backups = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak-'));
const cli = (args: string[]) => runCli(['statusline', ...args], { env: { HOME: dir } });

/** A user's own status line, with a quote in it and fields besides the command. */
const userLine = { type: 'command', command: `printf '%s' "it's $(wc -c | tr -d ' ') bytes"`, padding: 2, refreshInterval: 5 };
const userSettings = { model: 'opus', statusLine: userLine, permissions: { allow: ['Bash(npm test:*)'] } };
const input = JSON.stringify({ session_id: 's-1', model: { id: 'claude-sonnet-4-6', display_name: 'Sonnet 4.6' }, cost: { total_cost_usd: 0.5 }, context_window: { used_percentage: 7 } });

describe('amiga-monitor statusline install / uninstall (as processes)', () => {
  it('install chains the user\'s status line (output first, same stdin), keeps every other field and setting, and backs the file up', async () => {
    const text = JSON.stringify(userSettings, null, 2);
    const file = tempFile(text);
    const run = await cli(['install', '--settings', file]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/chaining the status line there was/);
    const s = read(file);
    expect(s.model).toBe('opus');
    expect(s.permissions).toEqual(userSettings.permissions);
    expect(Object.keys(s.statusLine ?? {})).toEqual(['type', 'command', 'padding', 'refreshInterval']);
    expect(s.statusLine).toMatchObject({ type: 'command', padding: 2, refreshInterval: 5 });
    expect(s.statusLine?.command).toContain(`'${CLI_MAIN}' statusline --chain=`);
    expect(backups(file)).toHaveLength(1);
    expect(fs.readFileSync(path.join(path.dirname(file), backups(file)[0] as string), 'utf8')).toBe(text);

    // The installed command, run through the shell as Claude Code runs it.
    const server = await recordingServer();
    try {
      const shown = await runCli([], { command: s.statusLine?.command as string, input, env: { MONITORING_URL: server.url } });
      expect(shown).toMatchObject({ code: 0, stdout: `it's ${Buffer.byteLength(input)} bytes\nSonnet 4.6 · $0.50 · ctx 7%\n` });
      expect(server.received.map((r) => r.body)).toEqual([input]);
    } finally {
      await server.close();
    }
  });

  it('is idempotent: installing twice leaves one, still chaining the original; another --url replaces ours', async () => {
    const file = tempFile(JSON.stringify(userSettings));
    await cli(['install', '--settings', file]);
    const once = fs.readFileSync(file, 'utf8');
    const again = await cli(['install', '--settings', file]);
    expect(again.stdout).toMatch(/already; nothing changed/);
    expect(fs.readFileSync(file, 'utf8')).toBe(once);
    expect(backups(file)).toHaveLength(1);
    await cli(['install', '--settings', file, '--url', 'http://10.0.0.5:3000']);
    const command = read(file).statusLine?.command ?? '';
    expect(command.match(/ statusline( |$)/g)).toHaveLength(1);
    expect(command).toContain(`--url='http://10.0.0.5:3000'`);
    expect(command.match(/--chain=/g)).toHaveLength(1);
    // Uninstall after all that gives back exactly the original.
    expect((await cli(['uninstall', '--settings', file])).code).toBe(0);
    expect(read(file)).toEqual(userSettings);
    expect(JSON.stringify(read(file).statusLine)).toBe(JSON.stringify(userLine));
  });

  it('uninstall restores exactly the original status line, or removes ours when there was none', async () => {
    const chained = tempFile(JSON.stringify(userSettings));
    await cli(['install', '--settings', chained]);
    const run = await cli(['uninstall', '--settings', chained]);
    expect(run.stdout).toMatch(/restored the status line it chained/);
    expect(JSON.stringify(read(chained))).toBe(JSON.stringify(userSettings));
    expect(backups(chained)).toHaveLength(2);

    const plain = tempFile(JSON.stringify({ model: 'opus' }));
    await cli(['install', '--settings', plain]);
    expect(read(plain).statusLine).toEqual({ type: 'command', command: expect.stringMatching(/ statusline$/) });
    expect((await cli(['uninstall', '--settings', plain])).stdout).toMatch(/and removed it/);
    expect(read(plain)).toEqual({ model: 'opus' });
    const twice = await cli(['uninstall', '--settings', plain]);
    expect(twice).toMatchObject({ code: 0, stdout: expect.stringMatching(/nothing changed/) });
  });

  it('creates a missing settings file under HOME, and reads the legacy string form as a command to chain', async () => {
    expect((await cli(['install'])).code).toBe(0);
    expect(read(path.join(dir, '.claude', 'settings.json')).statusLine?.command).toMatch(/ statusline$/);
    const legacy = tempFile(JSON.stringify({ statusLine: 'echo "old line"' }));
    await cli(['install', '--settings', legacy]);
    expect(read(legacy).statusLine?.command).toMatch(/--chain='echo "old line"'$/);
    await cli(['uninstall', '--settings', legacy]);
    expect(read(legacy)).toEqual({ statusLine: { type: 'command', command: 'echo "old line"' } });
  });

  it('refuses a file that is not valid JSON or not an object, and a statusLine that is not a command, touching nothing', async () => {
    for (const text of ['{ "model": "opus", }', '[1, 2]', JSON.stringify({ statusLine: { type: 'static', text: 'hi' } }), JSON.stringify({ statusLine: 42 })]) {
      const file = tempFile(text);
      const run = await cli(['install', '--settings', file]);
      expect(run.code, text).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/is not valid JSON|does not hold a JSON object|is not a command status line/);
      expect(run.stderr).toContain(file);
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      expect(backups(file)).toEqual([]);
    }
    const broken = tempFile('{ "statusLine": ');
    expect((await cli(['uninstall', '--settings', broken])).code).toBe(1);
  });

  it('a bad --url or an --url on uninstall is a usage error', async () => {
    expect((await cli(['install', '--url', 'localhost:3000', '--settings', tempFile('{}')])).code).toBe(2);
    expect((await cli(['uninstall', '--url', 'http://127.0.0.1:3000', '--settings', tempFile('{}')])).code).toBe(2);
  });
});
