import type { CliIo } from './io.js';

/** A command of `amiga-monitor`: runs with its own arguments, resolves to the exit code. */
export type Command = (args: string[], io: CliIo) => Promise<number>;

interface Entry {
  summary: string;
  /** Loaded when run, so `amiga-monitor --version` does not load the server. */
  load: () => Promise<Command>;
}

/** Every command, by name. A new command is one line here and one file beside it. */
export const COMMANDS: Record<string, Entry> = {
  hooks: { summary: 'install, uninstall or print the Claude Code hooks that feed live session state', load: async () => (await import('./hooks.js')).hooks },
  statusline: { summary: 'print the Claude Code status line (model, cost, 5h/7d limits, context) and post it to the monitor; install or uninstall it', load: async () => (await import('./statusline.js')).statusline },
  doctor: { summary: 'what this machine has for the monitor: transcript folders, hooks and status line, OTLP settings, the server', load: async () => (await import('./doctor.js')).doctor },
  watch: { summary: 'connect, subscribe and print one line per event (the command-line test client; exit 1 when not subscribed in time)', load: async () => (await import('./watch.js')).watch },
  serve: { summary: 'start the server and the dashboard (the default command)', load: async () => (await import('./serve.js')).serve },
};

export const DEFAULT_COMMAND = 'serve';
