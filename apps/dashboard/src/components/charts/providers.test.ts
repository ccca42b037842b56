import type { SeriesPoint } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { emptyPoint } from '../../lib/series';
import { providerSlices, providersIn, toProviderPoints } from './providers';

const point = (t: number, cost_by_provider?: SeriesPoint['cost_by_provider']): SeriesPoint => ({ ...emptyPoint(t), ...(cost_by_provider ? { cost_by_provider } : {}) });

describe('provider points', () => {
  it('flattens cost_by_provider, zero where a point has none', () => {
    const points = toProviderPoints([point(0, { anthropic: 1, openai: 0.5, google: 0, other: 0 }), point(60)]);
    expect(points).toEqual([
      { t: 0, anthropic: 1, openai: 0.5, google: 0, other: 0 },
      { t: 60, anthropic: 0, openai: 0, google: 0, other: 0 },
    ]);
    expect(providersIn(points)).toEqual(['anthropic', 'openai']);
    expect(providersIn([])).toEqual([]);
  });
});

describe('providerSlices', () => {
  it('keeps providers with a cost, largest first, with their shares', () => {
    const slices = providerSlices({ anthropic: 1, openai: 3, google: 0, other: 0 });
    expect(slices).toEqual([
      { name: 'openai', value: 3, share: 0.75 },
      { name: 'anthropic', value: 1, share: 0.25 },
    ]);
  });

  it('is empty without costs (or on a server without by_provider)', () => {
    expect(providerSlices(undefined)).toEqual([]);
    expect(providerSlices({ anthropic: 0, openai: 0, google: 0, other: 0 })).toEqual([]);
  });
});
