import fs from 'node:fs/promises';
import { scanLines } from './line-scanner.js';

/** Bytes read per system call during a scan. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

export interface ReadProgress {
  /** Offset after the last complete line handled so far. */
  offset: number;
  broken: number;
  bytes: number;
}

/**
 * Reads `file` from `offset` to its end in large chunks, handing each complete assistant line
 * to `onLine`; after each chunk, `onChunk` gets the offset reached (always at a line end), so a
 * caller can commit what it has. A partial last line is left for a later read.
 */
export async function readLines(
  file: string,
  offset: number,
  buffer: { current: Buffer },
  onLine: (line: Record<string, unknown>) => void,
  onChunk: (progress: ReadProgress) => Promise<void> | void,
): Promise<ReadProgress> {
  const handle = await fs.open(file, 'r');
  const progress: ReadProgress = { offset, broken: 0, bytes: 0 };
  try {
    for (;;) {
      const buf = buffer.current;
      const { bytesRead } = await handle.read(buf, 0, buf.length, progress.offset);
      if (bytesRead === 0) break;
      const result = scanLines(buf.subarray(0, bytesRead), onLine);
      if (result.consumed === 0) {
        // No line end in a full buffer: a line longer than the buffer. Grow it and retry.
        if (bytesRead === buf.length) {
          buffer.current = Buffer.allocUnsafe(buf.length * 2);
          continue;
        }
        break;
      }
      progress.offset += result.consumed;
      progress.broken += result.broken;
      progress.bytes += result.consumed;
      await onChunk(progress);
      if (bytesRead < buf.length) break;
    }
  } finally {
    await handle.close();
  }
  return progress;
}
