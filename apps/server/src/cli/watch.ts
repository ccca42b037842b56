import { HOURS_MAX, HOURS_MIN, INTERVAL_MAX, INTERVAL_MIN } from '@amiga/protocol';
import { parseFlags } from './args.js';
import { CliError, type CliIo } from './io.js';
import { watchSocket } from './watch-socket.js';
import { watchSse } from './watch-sse.js';

export const TRANSPORTS = ['websocket', 'polling', 'sse'] as const;
const DEFAULT_URL = 'http://127.0.0.1:3000';
const DEFAULT_TIMEOUT_S = 10;

export interface WatchOptions {
  url: string;
  token: string | undefined;
  hours: number;
  interval: number;
  transport: (typeof TRANSPORTS)[number];
  timeoutMs: number;
  /** Exit 0 after this many metrics updates (unset: run until interrupted). */
  count: number | undefined;
}

/** A running watcher: whether it got as far as `subscribed`, and how to stop it. */
export interface Watcher {
  readonly subscribed: boolean;
  close(): void;
}

function integer(name: string, value: string | undefined, min: number, max: number, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function watchOptions(args: string[], env: NodeJS.ProcessEnv): WatchOptions {
  const { values } = parseFlags(args, {
    url: { type: 'string' },
    token: { type: 'string' },
    hours: { type: 'string' },
    interval: { type: 'string' },
    transport: { type: 'string' },
    timeout: { type: 'string' },
    count: { type: 'string' },
  });
  const url = (values.url ?? env.MONITORING_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(url)) throw new CliError(`--url must be the monitor's base URL, like ${DEFAULT_URL}, got "${url}"`);
  const transport = values.transport ?? 'websocket';
  if (!(TRANSPORTS as readonly string[]).includes(transport)) throw new CliError(`--transport must be one of ${TRANSPORTS.join(', ')}, got "${transport}"`);
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600) throw new CliError(`--timeout must be seconds, more than 0 and at most 3600, got "${values.timeout}"`);
  const token = values.token ?? env.MONITORING_TOKEN;
  return {
    url,
    token: token === '' ? undefined : token,
    hours: integer('hours', values.hours, HOURS_MIN, HOURS_MAX, 24) as number,
    interval: integer('interval', values.interval, INTERVAL_MIN, INTERVAL_MAX, 2) as number,
    transport: transport as WatchOptions['transport'],
    timeoutMs: timeout * 1000,
    count: integer('count', values.count, 1, 1_000_000, undefined),
  };
}

/**
 * `amiga-monitor watch`: the original guide's command-line test client. Connects over Socket.IO
 * (websocket or polling) or SSE, subscribes, prints one line per event (connected with the client
 * id, subscribed with its config, each metrics_update with its totals and size, errors,
 * reconnects), until interrupted or `--count` updates. Exit 1 when it is not subscribed within
 * `--timeout` seconds or the server refuses it, so it serves as a probe; usage errors exit 2.
 */
export async function watch(args: string[], io: CliIo): Promise<number> {
  const o = watchOptions(args, io.env);
  const say = (line: string) => io.stdout.write(`${line}\n`);
  return new Promise<number>((resolve) => {
    let finished = false;
    const done = (code: number, why?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      process.off('SIGINT', interrupt).off('SIGTERM', interrupt);
      watcher.close();
      if (why) io.stderr.write(`amiga-monitor watch: ${why}\n`);
      resolve(code);
    };
    const interrupt = () => done(0);
    const timer = setTimeout(() => {
      if (!watcher.subscribed) done(1, `not connected and subscribed to ${o.url} within ${o.timeoutMs / 1000} s (${o.transport})`);
    }, o.timeoutMs);
    process.on('SIGINT', interrupt).on('SIGTERM', interrupt);
    // Its events come later (never during this call), so `done` and the timer see it assigned.
    const watcher: Watcher = o.transport === 'sse' ? watchSse(o, say, done) : watchSocket(o, say, done);
  });
}
