import type pg from 'pg';
import { MIGRATION_LOCK } from './locks.js';
import { withLocalMachine } from '../scope-rows.js';
import { MIGRATIONS } from './schema.js';

/**
 * Brings the schema up to date. Nodes starting at once take turns on a session
 * advisory lock, so each migration runs exactly once; the version table is created
 * under the same lock (CREATE TABLE IF NOT EXISTS is not safe against itself).
 * Each migration commits with its version number, so a crash leaves a consistent
 * version. A database newer than this code (a rolling upgrade) is left as it is.
 */
export async function migrate(pool: pg.Pool, machine: string): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      await client.query('INSERT INTO schema_version (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
      for (let i = rows[0]?.version ?? 0; i < MIGRATIONS.length; i++) {
        await client.query('BEGIN');
        try {
          await client.query(withLocalMachine(MIGRATIONS[i] as string, machine));
          await client.query('UPDATE schema_version SET version = $1', [i + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch((err: Error) => (broken = err));
    }
  } catch (err) {
    broken = err as Error;
    throw err;
  } finally {
    // A connection that failed may still hold the lock: close it rather than return it to the pool.
    client.release(broken);
  }
}
