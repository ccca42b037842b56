import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';

/** Bytes from the start of a file that make its content key. */
export const KEY_BYTES = 4096;

export interface FileIdentity {
  /** `device:inode`. */
  ino: string;
  size: number;
  mtimeMs: number;
}

/** The identity of the file at `file` now, or undefined when there is none (gone, not a file). */
export async function identify(file: string): Promise<FileIdentity | undefined> {
  try {
    const stat = await fs.stat(file);
    return stat.isFile() ? { ino: `${stat.dev}:${stat.ino}`, size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A content key, `<n>:<sha1 of the first n bytes>`: what tells a followed file that moved by
 * a copy (another inode, e.g. across file systems) from a new one. Undefined for n = 0.
 */
export function keyOf(head: Buffer, n: number): string | undefined {
  if (n <= 0 || head.length < n) return undefined;
  return `${n}:${createHash('sha1').update(head.subarray(0, n)).digest('base64')}`;
}

/** Length a content key covers. */
export function keyLength(key: string): number {
  return Number(key.slice(0, key.indexOf(':')));
}

/** The first `n` bytes of a file (fewer when it is shorter; empty when it cannot be read). */
export async function readHead(file: string, n = KEY_BYTES): Promise<Buffer> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return Buffer.alloc(0);
  } finally {
    await handle?.close();
  }
}
