import { describe, expect, it } from 'vitest';
import { KeyedLimiter, TokenBucket } from './rate-limit.js';

describe('TokenBucket', () => {
  it('allows a burst of capacity, then refills at the rate', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(400)).toBe(false); // 0.8 of a token
    expect(b.take(500)).toBe(true); // 1 token after 0.5 s at 2/s
    expect(b.take(10_000)).toBe(true);
  });
});

describe('KeyedLimiter', () => {
  it('limits each key on its own and forgets idle keys', () => {
    const l = new KeyedLimiter(2, 1);
    expect([l.take('a', 0), l.take('a', 0), l.take('a', 0)]).toEqual([true, true, false]);
    expect(l.take('b', 0)).toBe(true);
    expect(l.size).toBe(2);
    l.take('c', 70_000); // triggers a sweep: a and b are full again
    expect(l.size).toBe(1);
  });

  it('holds at most maxKeys keys', () => {
    const l = new KeyedLimiter(1, 1, 3);
    for (const k of ['a', 'b', 'c', 'd', 'e']) l.take(k, 0);
    expect(l.size).toBe(3);
  });
});
