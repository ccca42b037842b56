/** The cheap test a line must pass before it is parsed: assistant lines carry every request and tool call. */
const MARKER = Buffer.from('"type":"assistant"');
const NEWLINE = 0x0a;
const CR = 0x0d;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

export interface ScanResult {
  /** Bytes of complete lines (a partial last line is left for the next read). */
  consumed: number;
  /** Lines that are not JSON objects, or assistant-looking lines that do not parse. */
  broken: number;
}

/**
 * Walks the complete lines of `buf` and hands each assistant line, parsed, to `onAssistant`.
 * Only lines containing `"type":"assistant"` are decoded and parsed; any other line is checked
 * for looking like a JSON object (`{…}`) and otherwise skipped unread.
 */
export function scanLines(buf: Buffer, onAssistant: (line: Record<string, unknown>) => void): ScanResult {
  let pos = 0;
  let broken = 0;
  let marker = buf.indexOf(MARKER, 0);
  for (;;) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1) break;
    let end = nl;
    if (end > pos && buf[end - 1] === CR) end -= 1;
    if (end > pos) {
      if (marker !== -1 && marker < nl) {
        const obj = parseLine(buf, pos, end);
        if (obj === undefined) broken += 1;
        else if (obj.type === 'assistant') onAssistant(obj);
        marker = buf.indexOf(MARKER, nl + 1);
      } else if (buf[pos] !== OPEN || buf[end - 1] !== CLOSE) {
        broken += 1;
      }
    }
    pos = nl + 1;
  }
  return { consumed: pos, broken };
}

function parseLine(buf: Buffer, start: number, end: number): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(buf.toString('utf8', start, end));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
