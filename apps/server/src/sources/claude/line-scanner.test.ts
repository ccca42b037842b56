import { describe, expect, it } from 'vitest';
import { describeTranscript } from './discover.js';
import { scanLines } from './line-scanner.js';

describe('scanLines', () => {
  it('parses assistant lines only, counts broken lines and leaves a partial last line', () => {
    const text = [
      '{"type":"user","message":{"content":"say \\"type\\":\\"assistant\\""}}',
      '{"type":"assistant","message":{"id":"m1"}}\r',
      '',
      'garbage',
      '{"type":"assistant","message":{"id":',
      '{"type":"summary"}',
      '{"type":"assistant","message":{"id":"m2"}}',
    ].join('\n');
    const seen: unknown[] = [];
    const buf = Buffer.from(text + '\n{"type":"assistant","mess');
    const result = scanLines(buf, (line) => seen.push((line.message as { id: unknown }).id));
    expect(seen).toEqual(['m1', 'm2']);
    expect(result.broken).toBe(2);
    expect(result.consumed).toBe(Buffer.byteLength(text) + 1);
  });
});

describe('describeTranscript', () => {
  it('knows session and subagent transcripts', () => {
    expect(describeTranscript('/p', '/p/-home-a/s1.jsonl')).toEqual({ session: null, fallbackSession: 's1', fallbackProject: '-home-a' });
    expect(describeTranscript('/p', '/p/-home-a/s1/subagents/agent-x.jsonl')).toEqual({ session: 's1', fallbackSession: 's1', fallbackProject: '-home-a' });
    expect(describeTranscript('/p', '/p/-home-a/notes.txt')).toBeNull();
    expect(describeTranscript('/p', '/p/s1.jsonl')).toBeNull();
    expect(describeTranscript('/p', '/elsewhere/a/s.jsonl')).toBeNull();
  });
});
