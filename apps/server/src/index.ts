import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/config.js';
import { createLogger } from './logging/logger.js';
import { connectPostgres, redact } from './store/connect-postgres.js';
import type { Store } from './store/store.js';

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
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
      store = await connectPostgres(config.databaseUrl, config.nodeId, logger);
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
    () => logger.info({ url: app.url, node: config.nodeId, db: config.databaseUrl ? redact(config.databaseUrl) : config.dbPath, cluster: config.redisUrl !== undefined, sources: ['ingest', ...app.liveSources] }, `AMIGA Monitor listening on ${app.url}`),
    (err: unknown) => {
      logger.fatal({ err }, `cannot listen on ${config.host}:${config.port}`);
      process.exit(1);
    },
  );
}

void main();
