import fs from 'node:fs/promises';
import { scanLines, type LineCounts, type LineFilter } from './line-scanner.js';

/** Bytes read per system call during a scan. */
export const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Longest line read into memory. Claude Code writes tool results into transcript lines, so
 * lines of several MB are real; a longer one is skipped and counted as broken, so one huge
 * line cannot take the memory of the server.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface ReadProgress {
  /** Offset after the last complete line handled so far. */
  offset: number;
  /** Bytes consumed by this read. */
  bytes: number;
}

/**
 * Reads `file` from `offset` to its end in large chunks, handing each complete line that passes
 * `filter`, parsed, to `onLine` and counting every line in `counts`; after each chunk, `onChunk`
 * gets the offset reached (always at a line end), so a caller can commit what it has. A partial
 * last line is left for a later read.
 */
export async function readLines(
  file: string,
  offset: number,
  buffer: { current: Buffer },
  filter: LineFilter,
  counts: LineCounts,
  onLine: (line: Record<string, unknown>) => void,
  onChunk: (progress: ReadProgress) => Promise<void> | void,
  { maxLineBytes = MAX_LINE_BYTES, chunkBytes = CHUNK_BYTES } = {},
): Promise<ReadProgress> {
  const handle = await fs.open(file, 'r');
  const progress: ReadProgress = { offset, bytes: 0 };
  try {
    for (;;) {
      const buf = buffer.current;
      const { bytesRead } = await handle.read(buf, 0, buf.length, progress.offset);
      if (bytesRead === 0) break;
      const consumed = scanLines(buf.subarray(0, bytesRead), filter, onLine, counts);
      if (consumed === 0) {
        if (bytesRead < buf.length) break; // a partial last line: read it when it is complete
        // No line end in a full buffer: a line longer than the buffer. Grow it and retry,
        // up to the cap; past it, skip to the line's end without holding it.
        if (buf.length * 2 <= maxLineBytes) {
          buffer.current = Buffer.allocUnsafe(buf.length * 2);
          continue;
        }
        const end = await findLineEnd(handle, progress.offset + bytesRead, buf);
        if (end === undefined) break; // still being written: decide when its end arrives
        counts.seen += 1;
        counts.broken += 1;
        progress.bytes += end - progress.offset;
        progress.offset = end;
        buffer.current = Buffer.allocUnsafe(chunkBytes);
        await onChunk(progress);
        continue;
      }
      // A buffer grown for a long line goes back to its usual size.
      if (buf.length > chunkBytes) buffer.current = Buffer.allocUnsafe(chunkBytes);
      progress.offset += consumed;
      progress.bytes += consumed;
      await onChunk(progress);
      if (bytesRead < buf.length) break;
    }
  } finally {
    await handle.close();
  }
  return progress;
}

/** The offset just after the next line end at or after `from`, or undefined when the file ends first. */
async function findLineEnd(handle: fs.FileHandle, from: number, buf: Buffer): Promise<number | undefined> {
  for (let at = from; ; ) {
    const { bytesRead } = await handle.read(buf, 0, buf.length, at);
    if (bytesRead === 0) return undefined;
    const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
    if (nl !== -1) return at + nl + 1;
    at += bytesRead;
  }
}
