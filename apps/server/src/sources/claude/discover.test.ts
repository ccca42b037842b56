import { describe, expect, it } from 'vitest';
import { describeTranscript } from './discover.js';

describe('describeTranscript', () => {
  it('knows session and subagent transcripts', () => {
    expect(describeTranscript('/p', '/p/-home-a/s1.jsonl')).toEqual({ session: null, fallbackSession: 's1', fallbackProject: '-home-a' });
    expect(describeTranscript('/p', '/p/-home-a/s1/subagents/agent-x.jsonl')).toEqual({ session: 's1', fallbackSession: 's1', fallbackProject: '-home-a' });
    expect(describeTranscript('/p', '/p/-home-a/notes.txt')).toBeNull();
    expect(describeTranscript('/p', '/p/s1.jsonl')).toBeNull();
    expect(describeTranscript('/p', '/elsewhere/a/s.jsonl')).toBeNull();
  });
});
