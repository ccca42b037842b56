import { fileURLToPath } from 'node:url';
import { parseFlags } from './args.js';
import { TOKEN_ENV, parseSettings, SettingsError } from './hooks-settings.js';
import { backUp, readSettingsFile, writeAtomic } from './hooks.js';
import { CliError, type CliIo } from './io.js';
import { chainedCommand, shellQuote, withMonitorStatusLine, withoutMonitorStatusLine } from './statusline-settings.js';

const USAGE = 'usage: amiga-monitor statusline install [--settings FILE] [--url URL] | statusline uninstall [--settings FILE]';

/**
 * How the status line starts this CLI: this Node and this copy's main.js, by absolute path, so it
 * needs no `amiga-monitor` on Claude Code's PATH and no package manager between (it runs on every
 * render: `node main.js` starts in well under 100 ms, `npx`/`pnpm` in several hundred).
 */
export function cliInvocation(): string {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  return `${shellQuote(process.execPath)} ${shellQuote(main)}`;
}

/**
 * `amiga-monitor statusline install|uninstall`: sets `statusLine` in a Claude Code settings file
 * to our command, chaining the user's own (see statusline-settings.ts), and takes it out again.
 * The file is backed up before every change; a file that is not a JSON object is refused untouched.
 */
export async function statuslineInstall(action: 'install' | 'uninstall', args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { settings: { type: 'string' }, url: { type: 'string' } });
  if (values.url !== undefined && !/^https?:\/\/[^/\s]+/.test(values.url)) throw new CliError('--url must be the monitor\'s base URL, like http://127.0.0.1:3000');
  if (action === 'uninstall' && values.url !== undefined) throw new CliError(`statusline uninstall takes no --url (${USAGE})`);
  const { file, exists, before } = readSettingsFile(values.settings, io.env);
  try {
    const settings = parseSettings(before, file);
    if (action === 'uninstall') {
      const { settings: next, removed } = withoutMonitorStatusLine(settings);
      if (!removed) {
        io.stdout.write(`no AMIGA Monitor status line in ${file}; nothing changed\n`);
        return 0;
      }
      const backup = backUp(file, before);
      writeAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      const restored = next.statusLine === undefined ? 'removed it' : 'restored the status line it chained';
      io.stdout.write(`took the AMIGA Monitor status line out of ${file} and ${restored} (backup: ${backup})\n`);
      return 0;
    }
    const installed = withMonitorStatusLine(settings, cliInvocation(), values.url);
    const next = `${JSON.stringify(installed, null, 2)}\n`;
    if (next === before) {
      io.stdout.write(`the status line is installed in ${file} already; nothing changed\n`);
      return 0;
    }
    const chained = chainedCommand((installed.statusLine as { command: string }).command) !== null;
    const backup = exists ? backUp(file, before) : null;
    writeAtomic(file, next);
    io.stdout.write(
      `installed the AMIGA Monitor status line in ${file}${chained ? ', chaining the status line there was (its output first)' : ''}${backup ? ` (backup: ${backup})` : ''}\n` +
        `when the monitor needs a token, export ${TOKEN_ENV}=<the ingest token> where Claude Code runs\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr.write(`amiga-monitor: ${err.message.includes(file) ? '' : `${file}: `}${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
