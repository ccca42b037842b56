import { describe, expect, it } from 'vitest';
import { shortSessionId, shownSessions } from './task-sessions';

describe('task sessions in the recent-tasks table', () => {
  it('shows the first few sessions and counts the rest', () => {
    expect(shownSessions(undefined)).toEqual({ shown: [], more: 0 });
    expect(shownSessions(['a', 'b'])).toEqual({ shown: ['a', 'b'], more: 0 });
    expect(shownSessions(['a', 'b', 'c', 'd', 'e'])).toEqual({ shown: ['a', 'b', 'c'], more: 2 });
  });

  it('shortens long ids only', () => {
    expect(shortSessionId('abc')).toBe('abc');
    expect(shortSessionId('123456789')).toBe('123456789');
    expect(shortSessionId('4f1c2d9e-8b7a-4c3d')).toBe('4f1c2d9e…');
  });
});
