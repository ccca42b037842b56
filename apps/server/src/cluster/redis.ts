import { createClient } from 'redis';
import type { Logger } from '../logging/logger.js';

export type RedisClient = ReturnType<typeof connectRedis>;

/** Longest wait between two reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * A Redis client that never gives up: it reconnects with a growing delay (50 ms up
 * to 2 s) for as long as the node runs, queues commands meanwhile, and logs the
 * loss and the return of the connection once each (not every failed attempt).
 */
export function connectRedis(url: string, logger: Logger) {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS), connectTimeout: 2_000 },
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.error({ err: err.message }, 'lost Redis: serving this node’s clients alone until it is back');
  });
  client.on('ready', () => {
    if (down) logger.info('Redis is back: the cluster is whole again');
    down = false;
  });
  // Connecting is retried by the strategy above; the first failure must not reject into nowhere.
  client.connect().catch((err: unknown) => logger.error({ err }, 'cannot connect to Redis'));
  return client;
}
