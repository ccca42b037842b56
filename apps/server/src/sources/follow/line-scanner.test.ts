import { describe, expect, it } from 'vitest';
import { emptyCounts, LineFilter, scanLines } from './line-scanner.js';

const scan = (text: string, types: string[] | null = ['assistant']) => {
  const seen: unknown[] = [];
  const counts = emptyCounts();
  const consumed = scanLines(Buffer.from(text), new LineFilter(types ?? undefined), (line) => seen.push(line.id ?? (line.message as { id: unknown }).id), counts);
  return { seen, counts, consumed };
};

describe('scanLines', () => {
  it('parses assistant lines only, counts broken and ignored lines and leaves a partial last line', () => {
    const text = [
      '{"type":"user","message":{"content":"say \\"type\\":\\"assistant\\""}}',
      '{"type":"assistant","message":{"id":"m1"}}\r',
      '',
      'garbage',
      '{"type":"assistant","message":{"id":',
      '{"type":"summary"}',
      '{"type":"assistant","message":{"id":"m2"}}',
    ].join('\n');
    const { seen, counts, consumed } = scan(text + '\n{"type":"assistant","mess');
    expect(seen).toEqual(['m1', 'm2']);
    expect(counts).toEqual({ seen: 6, parsed: 3, ignored: 2, broken: 2 });
    expect(consumed).toBe(Buffer.byteLength(text) + 1);
  });

  it('finds the type whatever the JSON spacing, escapes or key order', () => {
    const lines = [
      '{"type": "assistant", "id": 1}',
      '{ "type" : "assistant" , "id" : 2 }',
      '{"id":3,"type":\t"assistant"}',
      '  {"type":"assistant","id":4}  \t',
      '{"type":"\\u0061ssistant","id":5}',
      '{"\\u0074ype":"assistant","id":6}',
      JSON.stringify({ id: 7, type: 'assistant' }, null, 0),
      '{"type":"\\u0061\\u0073\\u0053istant","id":8}',
      '{"type":"assist\\u0061nt","id":9,"text":"\\u001b[32mok"}',
      '{"role": "assistant", "type": "user", "id": 10}',
      '{"type": "user", "id": 11, "text": "\\u00e9\\u001b[0m \\u00"}',
    ];
    const { seen, counts } = scan(lines.join('\n') + '\n');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 9]);
    // 8 is `asSistant`; 10 is parsed for nothing (the word in another field); 11, whose escapes spell no letter of `assistant`, is not parsed.
    expect(counts).toEqual({ seen: 11, parsed: 10, ignored: 3, broken: 0 });
  });

  it('gives the same lines for compact and re-serialised JSON', () => {
    const objects = [
      { type: 'user', id: 'u', message: { content: 'hi "assistant"' } },
      { type: 'assistant', id: 'a1', message: { usage: { input_tokens: 3 } } },
      { type: 'summary', id: 's' },
      { type: 'assistant', id: 'a2', text: 'é ✓ \u0001' },
    ];
    const compact = scan(objects.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const spaced = scan(objects.map((o) => JSON.stringify(o, null, 1).replaceAll('\n', '')).join('\n') + '\n');
    expect(compact.seen).toEqual(['a1', 'a2']);
    expect(spaced.seen).toEqual(compact.seen);
    expect(spaced.counts.ignored + spaced.counts.broken).toBe(2);
  });

  it('parses every object line without a type filter, and refuses types it could not pre-filter', () => {
    const { seen, counts } = scan('{"id":1}\n{"type":"x","id":2}\n[1]\n', null);
    expect(seen).toEqual([1, 2]);
    expect(counts).toEqual({ seen: 3, parsed: 3, ignored: 0, broken: 1 });
    expect(() => new LineFilter(['a/b'])).toThrow();
    expect(() => new LineFilter(['a"b'])).toThrow();
  });

  it('hands over exactly the lines a parse of every line would, for random serialisations (property)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const escapeSome = (json: string) =>
      // Rewrite random characters inside strings as \u escapes (valid JSON, same value).
      json.replace(/"(?:[^"\\]|\\.)*"/g, (str) =>
        str.replace(/[a-zA-Z]/g, (ch) => (rand() < 0.15 ? `\\u${hex(ch)}` : ch)),
      );
    const hex = (ch: string) => {
      const h = ch.charCodeAt(0).toString(16).padStart(4, '0');
      return rand() < 0.5 ? h : h.toUpperCase();
    };
    const types = ['assistant', 'user', 'summary', 'system', 'assistantx', 'Assistant'];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const obj: Record<string, unknown> = { id: i, ...(rand() < 0.9 ? { type: pick(types) } : {}), text: pick(['plain', 'say "assistant"', '\u001b[1m', 'é ✓']), n: [1, { type: pick(types) }] };
      let json = JSON.stringify(obj, null, pick([0, 1, 2]));
      if (rand() < 0.5) json = json.replace(/\n\s*/g, pick(['', ' ', '\t']));
      else json = json.replace(/\n/g, ' ');
      if (rand() < 0.3) json = escapeSome(json);
      if (rand() < 0.1) json = `  ${json}\t`;
      if (rand() < 0.05) json = json.slice(0, -1); // broken
      lines.push(json);
    }
    const text = lines.join(pick(['\n', '\r\n'])) + '\n';
    let escapedTypes = 0;
    const expected = lines.flatMap((l) => {
      try {
        const v = JSON.parse(l) as { type?: unknown; id: number };
        if (v.type === 'assistant' && !l.includes('"assistant"')) escapedTypes += 1;
        return v.type === 'assistant' ? [v.id] : [];
      } catch {
        return [];
      }
    });
    expect(escapedTypes).toBeGreaterThan(20);
    for (const chunk of [text.length, 4096]) {
      const seen: unknown[] = [];
      const counts = emptyCounts();
      const filter = new LineFilter(['assistant']);
      let buf = Buffer.from(text);
      for (;;) {
        const consumed = scanLines(buf.subarray(0, Math.min(chunk, buf.length)), filter, (l) => seen.push(l.id), counts);
        if (consumed === 0) break;
        buf = buf.subarray(consumed);
      }
      expect(seen).toEqual(expected);
      expect(counts.seen).toBe(lines.length);
      expect(counts.parsed).toBeLessThan(lines.length);
    }
  });
});
