import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_HOOK_EVENTS } from './hooks-settings.js';
import type { CliIo } from './io.js';
import { run } from './main.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-hooks-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tempFile = (text?: string) => {
  const file = path.join(dir, `settings-${n++}`, 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (text !== undefined) fs.writeFileSync(file, text);
  return file;
};
function io(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return { stdin: new PassThrough(), stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, env: { HOME: dir }, out: () => out, err: () => err };
}
const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { hooks: Record<string, Array<{ matcher?: string; hooks: Array<Record<string, unknown>> }>> } & Record<string, unknown>;
const backups = (file: string) => fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.bak-'));

const userSettings = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test:*)'] },
  hooks: {
    PostToolUse: [{ matcher: 'Edit|Write', hooks: [{ type: 'command', command: 'npx prettier --write "$FILE"' }] }],
    Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
  },
};

describe('amiga-monitor hooks', () => {
  it('install keeps every setting and hook, adds one HTTP hook per event and a curl for SessionStart, backs the file up, and writes no token', async () => {
    const file = tempFile(JSON.stringify(userSettings, null, 2));
    const t = io();
    expect(await run(['hooks', 'install', '--settings', file, '--url', 'http://127.0.0.1:4999'], { ...t, env: { HOME: dir, AMIGA_MONITOR_TOKEN: 'secret-token-value-123' } })).toBe(0);
    const s = read(file);
    expect(s.model).toBe('opus');
    expect(s.permissions).toEqual(userSettings.permissions);
    expect(s.hooks.PostToolUse?.[0]).toEqual(userSettings.hooks.PostToolUse[0]);
    expect(s.hooks.Stop?.[0]).toEqual(userSettings.hooks.Stop[0]);
    for (const event of HTTP_HOOK_EVENTS) {
      const ours = s.hooks[event]?.flatMap((g) => g.hooks).filter((h) => h.type === 'http');
      expect(ours, event).toEqual([
        { type: 'http', url: 'http://127.0.0.1:4999/api/hooks/claude-code', headers: { Authorization: 'Bearer $AMIGA_MONITOR_TOKEN' }, allowedEnvVars: ['AMIGA_MONITOR_TOKEN'], timeout: 2 },
      ]);
    }
    expect(s.hooks.PreToolUse?.[0]?.matcher).toBe('*');
    const start = s.hooks.SessionStart?.[0]?.hooks[0];
    expect(start).toMatchObject({ type: 'command', timeout: 3 });
    expect(start?.command).toMatch(/^curl -s -m 2 .*'http:\/\/127\.0\.0\.1:4999\/api\/hooks\/claude-code' \|\| true$/);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('secret-token-value-123');
    expect(backups(file)).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(path.dirname(file), backups(file)[0] as string), 'utf8'))).toEqual(userSettings);
  });

  it('is idempotent: installing twice leaves one copy; another URL replaces ours', async () => {
    const file = tempFile(JSON.stringify(userSettings));
    expect(await run(['hooks', 'install', '--settings', file], io())).toBe(0);
    const once = fs.readFileSync(file, 'utf8');
    const t = io();
    expect(await run(['hooks', 'install', '--settings', file], t)).toBe(0);
    expect(t.out()).toMatch(/already/);
    expect(fs.readFileSync(file, 'utf8')).toBe(once);
    await run(['hooks', 'install', '--settings', file, '--url', 'https://monitor.example:8443'], io());
    const s = read(file);
    expect(s.hooks.PostToolUse?.flatMap((g) => g.hooks)).toHaveLength(2);
    expect(JSON.stringify(s)).not.toContain('127.0.0.1:3000');
  });

  it('uninstall removes exactly its own entries and gives back the settings as they were', async () => {
    const file = tempFile(JSON.stringify(userSettings));
    await run(['hooks', 'install', '--settings', file], io());
    const t = io();
    expect(await run(['hooks', 'uninstall', '--settings', file], t)).toBe(0);
    expect(t.out()).toMatch(/removed 11 AMIGA Monitor hooks/);
    expect(read(file)).toEqual(userSettings);
    const again = io();
    expect(await run(['hooks', 'uninstall', '--settings', file], again)).toBe(0);
    expect(again.out()).toMatch(/nothing changed/);
  });

  it('creates a missing file under the default folder, and refuses invalid JSON without touching the file', async () => {
    const t = io();
    expect(await run(['hooks', 'install'], t)).toBe(0);
    expect(read(path.join(dir, '.claude', 'settings.json')).hooks.Notification).toHaveLength(1);
    const broken = '{ "model": "opus", }';
    const file = tempFile(broken);
    const u = io();
    expect(await run(['hooks', 'install', '--settings', file], u)).toBe(1);
    expect(u.err()).toMatch(/is not valid JSON/);
    expect(fs.readFileSync(file, 'utf8')).toBe(broken);
    expect(backups(file)).toEqual([]);
    const list = tempFile('[1, 2]');
    expect(await run(['hooks', 'uninstall', '--settings', list], io())).toBe(1);
  });

  it('print shows the hooks block; a bad action or URL is a usage error', async () => {
    const t = io();
    expect(await run(['hooks', 'print', '--url', 'http://10.0.0.5:3000'], t)).toBe(0);
    expect(JSON.parse(t.out()).hooks.SessionEnd[0].hooks[0].url).toBe('http://10.0.0.5:3000/api/hooks/claude-code');
    expect(await run(['hooks', 'frob'], io())).toBe(2);
    expect(await run(['hooks', 'install', '--url', 'localhost'], io())).toBe(2);
  });
});
