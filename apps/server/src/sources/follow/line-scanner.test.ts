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
      '{"type": "user", "id": 8, "text": "\\u00e9"}',
      '{"role": "assistant", "type": "user", "id": 9}',
    ];
    const { seen, counts } = scan(lines.join('\n') + '\n');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(counts).toEqual({ seen: 9, parsed: 9, ignored: 2, broken: 0 });
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
});
