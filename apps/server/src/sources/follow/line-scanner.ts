const NEWLINE = 0x0a;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
/** `\u`: a string escape, the one way a wanted type can be written without its plain bytes. */
const ESCAPE = Buffer.from('\\u');

/** What happened to the lines of a file (or of all files of a source). */
export interface LineCounts {
  /** Complete non-blank lines. */
  seen: number;
  /** Lines decoded and parsed (they could be of a wanted type). */
  parsed: number;
  /** JSON object lines not handed over because of their type (most of them never parsed). */
  ignored: number;
  /** Lines that are not JSON objects, or longer than the line cap. Lines not parsed are judged by their shape (`{…}`) only. */
  broken: number;
}

export const emptyCounts = (): LineCounts => ({ seen: 0, parsed: 0, ignored: 0, broken: 0 });

export function addCounts(into: LineCounts, from: LineCounts): void {
  into.seen += from.seen;
  into.parsed += from.parsed;
  into.ignored += from.ignored;
  into.broken += from.broken;
}

/**
 * The cheap test a line passes before it is parsed. A line whose `type` is `assistant` holds the
 * bytes `"assistant"` whatever its spacing (`"type":"assistant"`, `"type" : "assistant"`), unless
 * the value is written with `\u` escapes; so a line is parsed when it holds one of the wanted
 * values as a JSON string, or any `\u`. No valid line of a wanted type is ever skipped; a line
 * parsed for nothing (the word in a text, an escape) is only slower.
 */
export class LineFilter {
  /** Top-level `type` values handed over; null: every object line. */
  readonly types: ReadonlySet<string> | null;
  readonly markers: readonly Buffer[];

  constructor(types: readonly string[] | undefined) {
    if (!types) {
      this.types = null;
      this.markers = [];
      return;
    }
    for (const t of types) {
      // Such characters could be written with other escapes (`\/`, `\"`, `\n`) than `\u`.
      if (t.length === 0 || [...t].some((ch) => ch === '"' || ch === '\\' || ch === '/' || ch < ' ')) throw new Error(`line type not supported by the pre-filter: ${JSON.stringify(t)}`);
    }
    this.types = new Set(types);
    this.markers = [...types.map((t) => Buffer.from(JSON.stringify(t))), ESCAPE];
  }
}

/**
 * Walks the complete lines of `buf` and hands each line of a wanted type, parsed, to `onLine`.
 * Lines that cannot be of a wanted type (see LineFilter) are not decoded: they are only checked
 * for looking like a JSON object. Returns the bytes of complete lines (a partial last line is
 * left for the next read); adds to `counts`.
 */
export function scanLines(buf: Buffer, filter: LineFilter, onLine: (line: Record<string, unknown>) => void, counts: LineCounts): number {
  const { markers, types } = filter;
  // The next position of each marker, at or after the current line (-1: none left in buf).
  const next = markers.map((m) => buf.indexOf(m, 0));
  let pos = 0;
  for (;;) {
    const nl = buf.indexOf(NEWLINE, pos);
    if (nl === -1) break;
    let start = pos;
    let end = nl;
    while (start < end && isSpace(buf[start] as number)) start += 1;
    while (end > start && isSpace(buf[end - 1] as number)) end -= 1;
    if (end > start) {
      counts.seen += 1;
      let candidate = types === null;
      for (let i = 0; i < next.length; i++) {
        const at = next[i] as number;
        if (at !== -1 && at < nl) {
          candidate = true;
          next[i] = buf.indexOf(markers[i] as Buffer, nl + 1);
        }
      }
      if (candidate) {
        counts.parsed += 1;
        const obj = parseObject(buf, start, end);
        if (obj === undefined) counts.broken += 1;
        else if (types === null || (typeof obj.type === 'string' && types.has(obj.type))) onLine(obj);
        else counts.ignored += 1;
      } else if (buf[start] === OPEN && buf[end - 1] === CLOSE) {
        counts.ignored += 1;
      } else {
        counts.broken += 1;
      }
    }
    pos = nl + 1;
  }
  return pos;
}

/** JSON whitespace (a CR before the line end included). */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d;
}

function parseObject(buf: Buffer, start: number, end: number): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(buf.toString('utf8', start, end));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
