import type { Logger } from '../logging/logger.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { Store } from './store.js';

/**
 * Opens the PostgreSQL store, waiting for the database for up to `timeoutMs`: nodes
 * of a cluster often start together with (or before) their database. Migrations run
 * inside the open, under an advisory lock, so nodes starting at once are safe.
 */
export async function connectPostgres(url: string, nodeId: string, logger: Logger, timeoutMs = 60_000, machine?: string): Promise<Store> {
  const until = Date.now() + timeoutMs;
  let delay = 250;
  let lastReason = '';
  for (;;) {
    try {
      return await PostgresStore.open({ url, nodeId, ...(machine === undefined ? {} : { machine }) });
    } catch (err) {
      const reason = (err as Error).message;
      if (Date.now() + delay > until) throw new Error(`cannot open the PostgreSQL store at ${redact(url)}: ${reason}`);
      if (reason !== lastReason) logger.warn({ db: redact(url), reason }, 'PostgreSQL not reachable yet; retrying');
      lastReason = reason;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** The URL without its password, for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
