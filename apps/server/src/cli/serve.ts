import { spawn } from 'node:child_process';
import { createApp } from '../app.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { connectPostgres, redact } from '../store/connect-postgres.js';
import type { Store } from '../store/store.js';
import { parseFlags } from './args.js';
import type { CliIo } from './io.js';

const HELP = `usage: amiga-monitor serve [--host HOST] [--port PORT] [--db FILE] [--open]

Starts the server and the dashboard. Flags override MONITORING_HOST, MONITORING_PORT and
MONITORING_DB; every other setting is read from the MONITORING_* environment (see the README).
  --open   open the dashboard in the default browser once the server listens
`;

/** \`amiga-monitor serve\`: runs until SIGINT or SIGTERM (resolves to -1: the process exits itself). */
export async function serve(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, {
    host: { type: 'string' },
    port: { type: 'string' },
    db: { type: 'string' },
    open: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const env = { ...io.env };
  if (values.host !== undefined) env.MONITORING_HOST = values.host;
  if (values.port !== undefined) env.MONITORING_PORT = values.port;
  if (values.db !== undefined) env.MONITORING_DB = values.db;
  await main(env, values.open === true);
  return -1;
}

/** Opens `url` with the desktop's opener; failing quietly (a server has no desktop). */
function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // nothing to open with
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(env: NodeJS.ProcessEnv, open: boolean): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`amiga-monitor: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let store: Store | undefined;
  if (config.databaseUrl !== undefined) {
    try {
      store = await connectPostgres(config.databaseUrl, config.nodeId, logger, undefined, config.machine);
    } catch (err) {
      logger.fatal({ err }, (err as Error).message);
      process.exit(1);
    }
  }
  const app = createApp({ config, logger, ...(store ? { store } : {}) });
  if (!isLoopback(config.host) && !config.token) {
    logger.warn(
      { host: config.host },
      `!!! listening on ${config.host} with no MONITORING_TOKEN: anyone who can reach this port can read your agents' costs and activity and write events. Set MONITORING_TOKEN. !!!`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  app.listen().then(
    () => {
      if (open) openBrowser(app.url);
      logger.info({ url: app.url, node: config.nodeId, db: config.databaseUrl ? redact(config.databaseUrl) : config.dbPath, cluster: config.redisUrl !== undefined, sources: ['ingest', ...app.liveSources] }, `AMIGA Monitor listening on ${app.url}`);
    },
    (err: unknown) => {
      logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}`);
      process.exit(1);
    },
  );
}
