import { describe, expect, it } from 'vitest';
import { mergeSeen } from './seen-names';

describe('mergeSeen', () => {
  it('remembers every name seen, sorted, and adds the selected one', () => {
    const a = mergeSeen([], ['codex', 'claude-code']);
    expect(a).toEqual(['claude-code', 'codex']);
    // A filtered snapshot names only its agent: the others stay offered.
    const b = mergeSeen(a, ['codex']);
    expect(b).toBe(a);
    expect(mergeSeen(a, [], 'gemini-cli')).toEqual(['claude-code', 'codex', 'gemini-cli']);
  });

  it('keeps its identity when nothing is new', () => {
    const a = mergeSeen([], ['x']);
    expect(mergeSeen(a, ['x'], 'x')).toBe(a);
    expect(mergeSeen(a, [], null)).toBe(a);
  });
});
