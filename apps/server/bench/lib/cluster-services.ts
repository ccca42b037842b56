import { startPostgres, type PostgresService } from '../../src/test-support/services/postgres.js';
import { startRedis, type RedisService } from '../../src/test-support/services/redis.js';

/**
 * PostgreSQL and Redis for the cluster scenarios: the same throwaway servers the
 * cluster tests use (Debian's packages, 127.0.0.1, free ports), started once on
 * first use, a fresh database per scenario, stopped by pid at the end.
 */
let services: Promise<{ pg: PostgresService; redis: RedisService }> | undefined;
let databases = 0;

export async function clusterEnv(): Promise<{ env: Record<string, string>; redisTraffic(): Promise<number> }> {
  services ??= Promise.all([startPostgres(), startRedis()]).then(([pg, redis]) => ({ pg, redis }));
  const { pg, redis } = await services;
  const url = await pg.createDatabase(`bench_${++databases}`);
  return {
    env: { MONITORING_DATABASE_URL: url, MONITORING_REDIS_URL: redis.url },
    redisTraffic: async () => {
      const t = await redis.traffic();
      return t.input + t.output;
    },
  };
}

export async function stopClusterServices(): Promise<void> {
  if (!services) return;
  const { pg, redis } = await services;
  await Promise.allSettled([pg.destroy(), redis.stop()]);
  services = undefined;
}
