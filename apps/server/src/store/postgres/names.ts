import type pg from 'pg';
import { NameCap } from '../name-cap.js';
import type { Dim, RollupRow } from '../rollup.js';
import { NAMES_LOCK } from './locks.js';
import { mergeRollupRows } from './rollup-upsert.js';

/**
 * The NameCap shared by every node on the database. Admitted names live in
 * `store_names`; each node caches the ones it has seen committed. A batch whose
 * rows hold only cached names (or names of a dimension already full) is capped
 * from the cache, with no query. A batch with a name the cache does not know takes
 * a transaction-scoped advisory lock, re-reads the table and admits new names
 * while there is room: admissions are serialised across nodes, so the distinct
 * names stay exactly within STORE_KEYS_LIMIT per dimension, and a name counts the
 * same everywhere. The lock is rare (only new names take it, and a full dimension
 * never does again), and it is taken last before the rollup upserts, after every
 * other row lock of the batch, so waiting on it cannot close a cycle.
 */
export class SharedNames {
  #cache: NameCap;

  private constructor(cache: NameCap) {
    this.#cache = cache;
  }

  static async load(client: pg.ClientBase): Promise<SharedNames> {
    return new SharedNames(new NameCap(await readNames(client)));
  }

  /**
   * Caps a batch's minute and hour rows (minute rows first: the order the SQLite
   * store admits names in). Call `committed` after the transaction commits, to
   * keep the names it read and admitted.
   */
  async cap(client: pg.ClientBase, minute: RollupRow[], hour: RollupRow[]): Promise<{ minute: RollupRow[]; hour: RollupRow[]; committed: () => void }> {
    let names = this.#cache;
    const unknown = minute.some((r) => names.wouldAdmit(r)) || hour.some((r) => names.wouldAdmit(r));
    if (!unknown) return { minute: mergeRollupRows(minute.map((r) => names.cap(r))), hour: mergeRollupRows(hour.map((r) => names.cap(r))), committed: () => {} };

    await client.query('SELECT pg_advisory_xact_lock($1)', [NAMES_LOCK]);
    names = new NameCap(await readNames(client));
    const admitted: Array<{ dim: Dim; key: string }> = [];
    const cap = (r: RollupRow) => {
      if (names.wouldAdmit(r)) admitted.push({ dim: r.dim, key: r.key });
      return names.cap(r);
    };
    const capped = { minute: mergeRollupRows(minute.map(cap)), hour: mergeRollupRows(hour.map(cap)) };
    if (admitted.length > 0) {
      await client.query('INSERT INTO store_names (dim, key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [
        admitted.map((n) => n.dim),
        admitted.map((n) => n.key),
      ]);
    }
    return { ...capped, committed: () => (this.#cache = names) };
  }
}

async function readNames(client: pg.ClientBase): Promise<Array<{ dim: Dim; key: string }>> {
  return (await client.query<{ dim: Dim; key: string }>('SELECT dim, key FROM store_names')).rows;
}
