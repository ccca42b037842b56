#!/usr/bin/env node
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { COMMANDS, DEFAULT_COMMAND } from './commands.js';
import { CliError, processIo, USAGE_EXIT, type CliIo } from './io.js';
import { version } from './version.js';

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'amiga-monitor: a real-time monitor for AI coding agents',
    '',
    'usage: amiga-monitor [command] [flags]   (no command: serve)',
    '',
    ...lines,
    '',
    '  --version  print the version',
    '  --help     this text; `amiga-monitor <command> --help` for a command',
    '',
  ].join('\n');
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage());
    return 0;
  }
  const named = first !== undefined && !first.startsWith('-');
  const name = named ? first : DEFAULT_COMMAND;
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr.write(`amiga-monitor: unknown command "${name}" (amiga-monitor --help lists them)\n`);
    return USAGE_EXIT;
  }
  try {
    const command = await entry.load();
    return await command(named ? rest : argv, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`amiga-monitor ${name}: ${err.message}\n`);
      return USAGE_EXIT;
    }
    throw err;
  }
}

/** True when this file is the program (run directly or through the npm bin link), not imported. */
function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(fs.realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isMain()) {
  run(process.argv.slice(2), processIo()).then(
    (code) => {
      // serve keeps running: its exit code is reported when it stops.
      if (code !== -1) process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
