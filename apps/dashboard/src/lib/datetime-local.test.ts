import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from './datetime-local';

describe('datetime-local values', () => {
  it('round-trips a time to the minute, in local time', () => {
    const t = new Date(2025, 10, 3, 9, 5, 42).getTime() / 1000;
    expect(toLocalInput(t)).toBe('2025-11-03T09:05');
    expect(fromLocalInput('2025-11-03T09:05')).toBe(new Date(2025, 10, 3, 9, 5).getTime() / 1000);
    expect(fromLocalInput('2025-11-03T09:05:30')).toBe(new Date(2025, 10, 3, 9, 5, 30).getTime() / 1000);
  });

  it('refuses empty and malformed values', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('yesterday')).toBeNull();
    expect(fromLocalInput('2025-13-45T99:99')).toBeNull();
  });
});
