import { describe, expect, it } from 'vitest';
import { p90, parsePlan } from './plan.js';

describe('MONITORING_PLAN', () => {
  it('reads a plan name or a number of tokens', () => {
    expect(parsePlan('max20')).toEqual({ name: 'max20', tokenLimit: 220_000 });
    expect(parsePlan(' Pro ')).toEqual({ name: 'pro', tokenLimit: 44_000 });
    expect(parsePlan('150000')).toEqual({ name: 'custom', tokenLimit: 150_000 });
    expect(parsePlan(undefined)).toBeUndefined();
    expect(parsePlan('enterprise')).toMatch(/one of pro, max5, max20/);
    expect(parsePlan('-5')).toMatch(/one of/);
  });
});

describe('p90 (Python statistics.quantiles(n=10)[8], exclusive)', () => {
  it('interpolates at (n + 1) * 0.9', () => {
    // quantiles([1..10], n=10)[8] == 9.9
    expect(p90([10, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(9.9, 10);
    // 20 values 1..20: position 18.9 -> 18.9
    expect(p90(Array.from({ length: 20 }, (_, i) => i + 1))).toBeCloseTo(18.9, 10);
    expect(p90([5])).toBe(5);
    expect(p90([])).toBeNull();
  });
});
