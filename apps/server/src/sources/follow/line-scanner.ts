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
 * the value is written with `\u` escapes (the only other way JSON can write these characters);
 * so a line is parsed when it holds one of the wanted values as a JSON string, or a `\u` escape
 * of a character found in a wanted value (`\u0061` for `a`; an escape like `\u001b` in a
 * tool's output cannot spell `assistant`). No valid line of a wanted type is ever skipped; a
 * line parsed for nothing (the word in a text) is only slower.
 */
export class LineFilter {
  /** Top-level `type` values handed over; null: every object line. */
  readonly types: ReadonlySet<string> | null;
  /** The wanted values as JSON strings, in UTF-8. */
  readonly markers: readonly Buffer[];
  /** UTF-16 code units of the wanted values: what a `\u` escape in a wanted line may stand for. */
  readonly escaped: ReadonlySet<number>;

  constructor(types: readonly string[] | undefined) {
    if (!types) {
      this.types = null;
      this.markers = [];
      this.escaped = new Set();
      return;
    }
    for (const t of types) {
      // Such characters could be written with other escapes (`\/`, `\"`, `\n`) than `\u`.
      if (t.length === 0 || [...t].some((ch) => ch === '"' || ch === '\\' || ch === '/' || ch < ' ')) throw new Error(`line type not supported by the pre-filter: ${JSON.stringify(t)}`);
    }
    this.types = new Set(types);
    this.markers = types.map((t) => Buffer.from(JSON.stringify(t)));
    this.escaped = new Set(types.flatMap((t) => Array.from({ length: t.length }, (_, i) => t.charCodeAt(i))));
  }
}

/**
 * Walks the complete lines of `buf` and hands each line of a wanted type, parsed, to `onLine`.
 * Lines that cannot be of a wanted type (see LineFilter) are not decoded: they are only checked
 * for looking like a JSON object. Returns the bytes of complete lines (a partial last line is
 * left for the next read); adds to `counts`.
 */
export function scanLines(buf: Buffer, filter: LineFilter, onLine: (line: Record<string, unknown>) => void, counts: LineCounts): number {
  const { markers, types, escaped } = filter;
  // The next position of each marker and of a `\u`, at or after the current line (-1: none left in buf).
  const next = markers.map((m) => buf.indexOf(m, 0));
  let escape = escaped.size > 0 ? buf.indexOf(ESCAPE, 0) : -1;
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
      while (escape !== -1 && escape < nl) {
        if (!candidate && escaped.has(hex4(buf, escape + 2, nl))) candidate = true;
        escape = buf.indexOf(ESCAPE, candidate ? nl + 1 : escape + 2);
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

/** The value of the 4 hex digits at `at` (before `end`), or -1. */
function hex4(buf: Buffer, at: number, end: number): number {
  if (at + 4 > end) return -1;
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const b = buf[i] as number;
    const digit = b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
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
