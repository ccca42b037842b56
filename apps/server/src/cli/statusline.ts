import os from 'node:os';
import { parseFlags } from './args.js';
import { CliError, type CliIo } from './io.js';
import { runChained } from './statusline-chain.js';
import { MINIMAL_LINE, parseStatusInput, statusLine } from './statusline-line.js';
import { postStatusLine, type PostTarget } from './statusline-post.js';

const USAGE = [
  'usage: amiga-monitor statusline [--url URL] [--token TOKEN] [--machine NAME] [--chain COMMAND]',
  '         reads Claude Code\'s status-line JSON on stdin, posts it to the monitor (300 ms at most, failing silently), prints one line',
  '       amiga-monitor statusline install [--settings FILE] [--url URL] | statusline uninstall [--settings FILE]',
  '',
].join('\n');

/** The monitor's base URL when neither --url nor MONITORING_URL names one. */
export const DEFAULT_URL = 'http://127.0.0.1:3000';
/** Token variables, first set wins after --token: the one the hooks read, then the server's own names. */
export const TOKEN_ENVS = ['AMIGA_MONITOR_TOKEN', 'MONITORING_INGEST_TOKEN', 'MONITORING_TOKEN'] as const;
/** How long stdin may stay open (Claude Code closes it at once) before the line is printed from what came. */
export const STDIN_TIMEOUT_MS = 1_000;
/** At most this much of stdin is read (a status line is a few kilobytes). */
const STDIN_MAX_BYTES = 1 << 20;

/** The host name as a machine name (1-128 of A-Z a-z 0-9 . _ -), like the server's default. */
const machineName = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128) || 'localhost';

/**
 * `amiga-monitor statusline`: Claude Code's `statusLine` command. Reads the JSON on stdin, posts
 * it as it is to `POST /api/statusline/claude-code` (with a hard 300 ms timeout, failing silently),
 * runs the chained command when there is one, and prints its output and then one line. Always
 * exit code 0 and nothing but the line on stdout: a status line must never break. `install` and
 * `uninstall` set it in the settings file (statusline-install.ts).
 */
export async function statusline(args: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = args;
  if (first === 'install' || first === 'uninstall') return (await import('./statusline-install.js')).statuslineInstall(first, rest, io);
  if (first === '--help' || first === '-h') {
    io.stdout.write(USAGE);
    return 0;
  }
  let printed = false;
  try {
    const { values } = parseFlags(args, { url: { type: 'string' }, token: { type: 'string' }, machine: { type: 'string' }, chain: { type: 'string' } });
    const target: PostTarget = {
      url: values.url ?? io.env.MONITORING_URL ?? DEFAULT_URL,
      token: values.token ?? TOKEN_ENVS.map((name) => io.env[name]).find((v) => v !== undefined && v !== ''),
      machine: machineName(values.machine ?? io.env.MONITORING_MACHINE ?? os.hostname()),
    };
    const text = await readInput(io.stdin);
    const input = parseStatusInput(text);
    const post = input === null ? Promise.resolve(null) : postStatusLine(text, target);
    const chained = values.chain ? (await runChained(values.chain, text, io.env)).replace(/\n+$/, '') : '';
    io.stdout.write(`${chained ? `${chained}\n` : ''}${statusLine(input, Date.now() / 1000)}\n`);
    printed = true;
    await post;
  } catch (err) {
    // Never on stdout, never a non-zero exit: Claude Code would show nothing.
    io.stderr.write(`amiga-monitor statusline: ${err instanceof CliError ? err.message : String(err)}\n`);
    if (!printed) io.stdout.write(`${MINIMAL_LINE}\n`);
  }
  return 0;
}

/** stdin as text: empty for a terminal; what came within STDIN_TIMEOUT_MS when it is not closed. */
function readInput(stdin: NodeJS.ReadableStream): Promise<string> {
  if ((stdin as { isTTY?: boolean }).isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (stop: boolean) => {
      clearTimeout(timer);
      stdin.off('data', onData);
      // Stopped early (not closed, or too large): let go of it, or it would keep the process alive.
      if (stop) (stdin as { destroy?: () => void }).destroy?.();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer | string) => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(b);
      size += b.length;
      if (size > STDIN_MAX_BYTES) finish(true);
    };
    const timer = setTimeout(() => finish(true), STDIN_TIMEOUT_MS);
    stdin.on('data', onData);
    stdin.once('end', () => finish(false));
    stdin.once('error', () => finish(false));
  });
}
