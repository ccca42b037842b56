import { describe, expect, it } from 'vitest';
import { emptyPoint, fillSeries } from './series';

const at = (t: number, requests = 1) => ({ ...emptyPoint(t), requests });

describe('fillSeries', () => {
  it('fills the gaps between sparse points with zero buckets', () => {
    const filled = fillSeries({ bucket_seconds: 60, points: [at(1200), at(1380)] }, 1140, 1400);
    expect(filled.map((p) => p.t)).toEqual([1140, 1200, 1260, 1320, 1380]);
    expect(filled.map((p) => p.requests)).toEqual([0, 1, 0, 0, 1]);
  });

  it('builds the whole grid for an empty series', () => {
    const filled = fillSeries({ bucket_seconds: 900, points: [] }, 0, 3600);
    expect(filled.map((p) => p.t)).toEqual([0, 900, 1800, 2700, 3600]);
  });

  it('follows the points grid when the window start is off it', () => {
    const filled = fillSeries({ bucket_seconds: 300, points: [at(600)] }, 420, 1000);
    expect(filled.map((p) => p.t)).toEqual([300, 600, 900]);
  });

  it('leaves a dense series as it is', () => {
    const points = [at(0), at(60), at(120)];
    expect(fillSeries({ bucket_seconds: 60, points }, 0, 130)).toEqual(points);
  });

  it('caps the number of buckets', () => {
    expect(fillSeries({ bucket_seconds: 1, points: [] }, 0, 1_000_000).length).toBeLessThanOrEqual(2_001);
  });
});
