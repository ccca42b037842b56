import { OTHER_KEY, STORE_KEYS_LIMIT } from '@amiga/protocol';
import type { Dim, RollupRow } from './rollup.js';

/**
 * Bounds the distinct model and tool names the rollups keep apart: past
 * STORE_KEYS_LIMIT per dimension, new names are counted under OTHER_KEY, so one
 * producer inventing names cannot grow every snapshot query without end.
 */
export class NameCap {
  readonly #known = new Map<Dim, Set<string>>();

  constructor(existing: Iterable<{ dim: Dim; key: string }>) {
    for (const { dim, key } of existing) this.#set(dim).add(key);
  }

  /** The row under its own name while it is known or there is room for it (admitting it), else under OTHER_KEY. */
  cap(row: RollupRow): RollupRow {
    if (row.dim === 's' || row.dim === 'M' || row.dim === 'T') return row;
    const known = this.#set(row.dim);
    if (known.has(row.key)) return row;
    if (known.size < STORE_KEYS_LIMIT) {
      known.add(row.key);
      return row;
    }
    return { ...row, key: OTHER_KEY };
  }

  /** True when capping the row would admit a new name (it is neither known nor past the limit). */
  wouldAdmit(row: RollupRow): boolean {
    if (row.dim === 's' || row.dim === 'M' || row.dim === 'T') return false;
    const known = this.#set(row.dim);
    return !known.has(row.key) && known.size < STORE_KEYS_LIMIT;
  }

  has(dim: Dim, key: string): boolean {
    return this.#known.get(dim)?.has(key) ?? false;
  }

  #set(dim: Dim): Set<string> {
    let set = this.#known.get(dim);
    if (!set) this.#known.set(dim, (set = new Set()));
    return set;
  }
}
