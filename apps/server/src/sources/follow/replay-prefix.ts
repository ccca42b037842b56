import fs from 'node:fs';

/** Bytes read at a time while replaying a prefix. */
const CHUNK = 1 << 20;

/**
 * Feeds the parsed JSON lines of a file's first `length` bytes to `onLine`, in order: how a
 * JSON Lines handler whose state depends on earlier lines (running totals, the session named on
 * line 1) rebuilds it when the FileFollower resumes the file at a saved position (see
 * FileFollowerOptions.open). Lines that are not JSON are skipped. Synchronous: it runs inside
 * `open`. Answers the bytes replayed (less than `length` when the file is now shorter).
 */
export function replayPrefix(file: string, length: number, onLine: (line: unknown) => void): number {
  if (length <= 0) return 0;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return 0;
  }
  let done = 0;
  let carry: Buffer = Buffer.alloc(0);
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    while (done < length) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, length - done), done);
      if (n <= 0) break;
      done += n;
      const data = carry.length > 0 ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        parse(data.subarray(start, nl), onLine);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    // A saved position is always a line end; a last line without its newline is complete there too.
    if (carry.length > 0) parse(carry, onLine);
  } finally {
    fs.closeSync(fd);
  }
  return done;
}

function parse(line: Buffer, onLine: (line: unknown) => void): void {
  if (line.length === 0) return;
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch {
    return;
  }
  onLine(value);
}
