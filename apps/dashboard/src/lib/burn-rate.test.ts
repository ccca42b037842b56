import { describe, expect, it } from 'vitest';
import { burnRate } from './burn-rate';
import { emptyPoint } from './series';

const cost = (t: number, sonnet: number) => ({ ...emptyPoint(t), cost: { haiku: 0, sonnet, opus: 0, other: 0 } });

describe('burnRate', () => {
  const now = 10_000;

  it('sums the buckets of the last hour', () => {
    const points = [cost(now - 7200, 50), cost(now - 3000, 1), cost(now - 60, 2)];
    const rate = burnRate(points, 60, now);
    expect(rate.perHour).toBeCloseTo(3);
    expect(rate.perDay).toBeCloseTo(72);
  });

  it('prorates a bucket wider than the hour', () => {
    // A 2 h bucket that started 2 h ago: half of it lies in the last hour.
    const rate = burnRate([cost(now - 7200, 10)], 7200, now);
    expect(rate.perHour).toBeCloseTo(5);
  });

  it('counts a running bucket fully when it started within the hour', () => {
    const rate = burnRate([cost(now - 600, 4)], 3600, now);
    expect(rate.perHour).toBeCloseTo(4);
  });

  it('is zero without data', () => {
    expect(burnRate([], 60, now)).toEqual({ perHour: 0, perDay: 0 });
  });
});
