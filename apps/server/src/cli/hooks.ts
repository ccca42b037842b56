import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFlags } from './args.js';
import { hookUrl, monitorHooks, parseSettings, SettingsError, TOKEN_ENV, withMonitorHooks, withoutMonitorHooks } from './hooks-settings.js';
import { CliError, type CliIo } from './io.js';

const USAGE = 'usage: amiga-monitor hooks install [--settings FILE] [--url URL] | hooks uninstall [--settings FILE] | hooks print [--url URL]';
const DEFAULT_URL = 'http://127.0.0.1:3000';

/** The user's Claude Code settings: the first CLAUDE_CONFIG_DIR folder's, else ~/.claude/settings.json. */
export function defaultSettings(env: NodeJS.ProcessEnv): string {
  const configDir = env.CLAUDE_CONFIG_DIR?.split(',')[0]?.trim();
  return path.join(configDir || path.join(env.HOME ?? os.homedir(), '.claude'), 'settings.json');
}

/** A settings file as an installer starts from: its path (FILE, else the user's), whether it exists, and its text ('' when not). */
export function readSettingsFile(given: string | undefined, env: NodeJS.ProcessEnv): { file: string; exists: boolean; before: string } {
  const file = path.resolve(given ?? defaultSettings(env));
  const exists = fs.existsSync(file);
  return { file, exists, before: exists ? fs.readFileSync(file, 'utf8') : '' };
}

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a settings file. */
export function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.amiga-${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * `amiga-monitor hooks install|uninstall|print`: Claude Code's hooks posting every event the
 * live state uses to the monitor (see hooks-settings.ts), merged into a settings file that
 * keeps everything else; the file is backed up first; the token is read at run time from
 * AMIGA_MONITOR_TOKEN through `allowedEnvVars`, never written.
 */
export async function hooks(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseFlags(rest, { settings: { type: 'string' }, url: { type: 'string' } });
  const url = values.url ?? DEFAULT_URL;
  if (!/^https?:\/\/[^/\s]+/.test(url)) throw new CliError(`--url must be the monitor's base URL, like ${DEFAULT_URL}`);
  if (action === 'print') {
    io.stdout.write(`${JSON.stringify({ hooks: monitorHooks(url) }, null, 2)}\n`);
    return 0;
  }
  if (action !== 'install' && action !== 'uninstall') throw new CliError(USAGE);
  if (action === 'uninstall' && values.url !== undefined) throw new CliError('hooks uninstall takes no --url');
  const { file, exists, before } = readSettingsFile(values.settings, io.env);
  try {
    const settings = parseSettings(before, file);
    if (action === 'uninstall') {
      const { settings: next, removed } = withoutMonitorHooks(settings);
      if (removed === 0) {
        io.stdout.write(`no AMIGA Monitor hooks in ${file}; nothing changed\n`);
        return 0;
      }
      const backup = backUp(file, before);
      writeAtomic(file, `${JSON.stringify(next, null, 2)}\n`);
      io.stdout.write(`removed ${removed} AMIGA Monitor hooks from ${file} (backup: ${backup})\n`);
      return 0;
    }
    const next = `${JSON.stringify(withMonitorHooks(settings, url), null, 2)}\n`;
    if (next === before) {
      io.stdout.write(`the hooks are installed in ${file} already; nothing changed\n`);
      return 0;
    }
    const backup = exists ? backUp(file, before) : null;
    writeAtomic(file, next);
    io.stdout.write(
      `installed AMIGA Monitor hooks posting to ${hookUrl(url)} in ${file}${backup ? ` (backup: ${backup})` : ''}\n` +
        `when the monitor needs a token, export ${TOKEN_ENV}=<the ingest token> where Claude Code runs\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof SettingsError) {
      io.stderr.write(`amiga-monitor: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

export function backUp(file: string, text: string): string {
  const backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  fs.writeFileSync(backup, text, { mode: 0o600 });
  return backup;
}
