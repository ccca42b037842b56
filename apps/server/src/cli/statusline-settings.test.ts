import { describe, expect, it } from 'vitest';
import { SettingsError } from './hooks-settings.js';
import { chainedCommand, isOurCommand, ourCommand, withMonitorStatusLine, withoutMonitorStatusLine } from './statusline-settings.js';

const CLI = `'/usr/bin/node' '/opt/amiga monitor/apps/server/dist/cli/main.js'`;

describe('the statusLine setting', () => {
  it('keeps any command in the chain through the shell quoting and back', () => {
    for (const chain of [`bash ~/.claude/statusline.sh`, `printf '%s' "it's"`, `'quoted'`, `ends with '`, `a\\'b "$HOME" \`x\``, `echo --chain='x'`]) {
      const command = ourCommand(CLI, { chain });
      expect(isOurCommand(command)).toBe(true);
      expect(chainedCommand(command), chain).toBe(chain);
    }
    expect(chainedCommand(ourCommand(CLI, { url: 'http://h:1' }))).toBeNull();
    expect(isOurCommand('amiga-monitor statusline --url=x')).toBe(true);
    expect(isOurCommand('bash ~/.claude/statusline.sh')).toBe(false);
  });

  it('chains ours inside the user\'s object and takes it out again, field order kept', () => {
    const settings = { statusLine: { padding: 1, type: 'command', command: 'ccusage statusline' }, theme: 'dark' };
    const installed = withMonitorStatusLine(settings, CLI);
    expect(installed.statusLine).toEqual({ padding: 1, type: 'command', command: `${CLI} statusline --chain='ccusage statusline'` });
    expect(withMonitorStatusLine(installed, CLI)).toEqual(installed);
    const { settings: back, removed } = withoutMonitorStatusLine(installed);
    expect(removed).toBe(true);
    expect(JSON.stringify(back)).toBe(JSON.stringify(settings));
    expect(withoutMonitorStatusLine(settings)).toEqual({ settings, removed: false });
  });

  it('refuses a statusLine it could not give back', () => {
    expect(() => withMonitorStatusLine({ statusLine: { type: 'command' } }, CLI)).toThrow(SettingsError);
    expect(() => withMonitorStatusLine({ statusLine: [] }, CLI)).toThrow(/not a command status line/);
  });
});
