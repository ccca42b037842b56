import { describe, expect, it } from 'vitest';
import { csvField, sessionsToCsv } from './csv';

describe('csv', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3.5)).toBe('3.5');
  });

  it('writes a header and one row per session', () => {
    const csv = sessionsToCsv([
      {
        session_id: 's1',
        project: 'web, app',
        model: null,
        requests: 3,
        input_tokens: 10,
        output_tokens: 20,
        cache_creation_tokens: 0,
        cache_read_tokens: 5,
        cost_usd: 0.1234567,
        tool_calls: 2,
        first_seen: 0,
        last_seen: 60,
      },
    ]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.startsWith('session_id,project,model,requests')).toBe(true);
    expect(lines[1]).toBe('s1,"web, app",,3,10,20,0,5,0.123457,2,1970-01-01T00:00:00.000Z,1970-01-01T00:01:00.000Z');
  });
});
