import { parseFlags } from './args.js';
import { healthLine, otlpLines, settingsLines, transcriptFolders } from './doctor-checks.js';
import { defaultSettings } from './hooks.js';
import { CliError, type CliIo } from './io.js';

const DEFAULT_URL = 'http://127.0.0.1:3000';

/**
 * `amiga-monitor doctor [--url URL] [--token TOKEN] [--settings FILE] [--timeout S]`: what this
 * machine has for the monitor: each agent's transcript folders (as `serve` resolves them) with
 * their file counts, the Claude Code hooks and statusLine, the OTLP variables, and whether the
 * server answers /api/health. Reports only: exit 0, or 2 for a usage error.
 */
export async function doctor(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { url: { type: 'string' }, token: { type: 'string' }, settings: { type: 'string' }, timeout: { type: 'string' } });
  const url = (values.url ?? io.env.MONITORING_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(url)) throw new CliError(`--url must be the monitor's base URL, like ${DEFAULT_URL}, got "${url}"`);
  const timeout = values.timeout === undefined ? 3 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 60) throw new CliError(`--timeout must be seconds, more than 0 and at most 60, got "${values.timeout}"`);
  const token = values.token ?? io.env.MONITORING_TOKEN;
  const say = (line: string) => io.stdout.write(`${line}\n`);

  say('transcripts:');
  for (const f of await transcriptFolders(io.env)) {
    say(`  ${f.agent.padEnd(6)} ${f.dir}: ${f.files === null ? 'missing' : `${f.files} transcript file${f.files === 1 ? '' : 's'}`}`);
  }
  say('claude code settings:');
  for (const line of settingsLines(values.settings ?? defaultSettings(io.env), url)) say(line);
  say('otlp:');
  for (const line of otlpLines(io.env)) say(line);
  say(`server ${url}:`);
  say(await healthLine(url, token || undefined, timeout * 1000));
  return 0;
}
