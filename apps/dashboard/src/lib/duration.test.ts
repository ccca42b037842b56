import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';

describe('formatDuration', () => {
  it('shows seconds, minutes, hours', () => {
    expect(formatDuration(-1)).toBe('0s');
    expect(formatDuration(42.4)).toBe('42s');
    expect(formatDuration(725)).toBe('12m 05s');
    expect(formatDuration(3 * 3600 + 5 * 60 + 59)).toBe('3h 05m');
  });
});
