import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles up to the cap', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 10, 1000].map((n) => backoffDelay(n, {}, top))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('jitters downwards by at most the jitter share', () => {
    expect(backoffDelay(3, { jitter: 0.5 }, () => 0)).toBe(2000);
    expect(backoffDelay(0, { min: 100, jitter: 0 }, () => 0)).toBe(100);
  });
});
