import { keyLength, keyOf, readHead, type FileIdentity } from './identity.js';

/** What is known of a followed file that is no longer where it was. */
export interface Orphan {
  /** Where it was. */
  path: string;
  ino: string;
  /** Content key of what was read (see keyOf); none for documents. */
  key: string | undefined;
  offset: number;
}

/**
 * Followed files no longer where they were (gone, or their path taken by another file): a file
 * found under a new path may be one of them, moved.
 */
export class Orphans<T extends Orphan> {
  readonly #all = new Set<T>();

  get size(): number {
    return this.#all.size;
  }

  add(o: T): void {
    this.#all.add(o);
  }

  delete(o: T): void {
    this.#all.delete(o);
  }

  /**
   * A lookup for one listing (the orphans indexed by inode and content key): the orphan that the
   * file at `file` is, if any. Same inode, and same content key when the orphan has one (an inode
   * number can be reused); or, for a copy (another inode), the same content key and at least as
   * many bytes as were read of the orphan. Never an orphan whose path is `file` itself: another
   * file at the same path is a replacement, read from the start.
   */
  matcher(): (file: string, id: FileIdentity) => Promise<T | undefined> {
    const byIno = new Map<string, T[]>();
    const byKey = new Map<string, T[]>();
    const lengths = new Set<number>();
    for (const o of this.#all) {
      push(byIno, o.ino, o);
      if (o.key !== undefined) {
        push(byKey, o.key, o);
        lengths.add(keyLength(o.key));
      }
    }
    const keyLengths = [...lengths].sort((a, b) => b - a);
    return async (file, id) => {
      if (this.#all.size === 0) return undefined;
      let head: Buffer | undefined;
      const keyAt = async (n: number) => keyOf((head ??= await readHead(file)), n);
      for (const o of byIno.get(id.ino) ?? []) {
        if (this.#all.has(o) && o.path !== file && (o.key === undefined || (await keyAt(keyLength(o.key))) === o.key)) return o;
      }
      for (const n of keyLengths) {
        const key = await keyAt(n);
        for (const o of (key !== undefined && byKey.get(key)) || []) {
          if (this.#all.has(o) && o.path !== file && id.size >= o.offset) return o;
        }
      }
      return undefined;
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
