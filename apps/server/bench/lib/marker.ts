/** Bench changes carry `bench-<n>` in their description; the newest is the first in a snapshot's JSON (activity is newest first). */
const MARK = Buffer.from('bench-');

/** The first `bench-<n>` number in a frame, or -1. Reads bytes, never decodes the frame. */
export function findMarker(frame: Buffer | string, from = 0): number {
  const buf = typeof frame === 'string' ? Buffer.from(frame) : frame;
  const at = buf.indexOf(MARK, from);
  if (at < 0) return -1;
  let n = 0;
  let i = at + MARK.length;
  let digits = 0;
  for (; i < buf.length; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
    digits++;
  }
  return digits ? n : -1;
}
