import { describe, expect, it } from 'vitest';
import { evaluationGap } from './service.js';

describe('evaluationGap', () => {
  it('is 250 ms for cheap rule sets and five times the last evaluation for slow ones, so evaluating takes at most a fifth of the time', () => {
    expect(evaluationGap(0)).toBe(250);
    expect(evaluationGap(40)).toBe(250);
    expect(evaluationGap(50)).toBe(250);
    expect(evaluationGap(268)).toBe(1340);
    for (const cost of [60, 268, 1000]) expect(cost / evaluationGap(cost)).toBeCloseTo(0.2, 10);
  });
});
