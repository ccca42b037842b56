import { describe, expect, it } from 'vitest';
import { parseModelId } from './model-id.js';
import { costOf, priceFor } from './pricing.js';

describe('parseModelId', () => {
  it.each([
    ['claude-opus-4-5-20251101', 'opus', 4.5],
    ['claude-opus-4-1-20250805', 'opus', 4.1],
    ['claude-opus-4-20250514', 'opus', 4],
    ['claude-sonnet-4-5-20250929', 'sonnet', 4.5],
    ['claude-sonnet-4-20250514', 'sonnet', 4],
    ['claude-3-7-sonnet-20250219', 'sonnet', 3.7],
    ['claude-3-5-haiku-20241022', 'haiku', 3.5],
    ['claude-3-haiku-20240307', 'haiku', 3],
    ['claude-haiku-4-5', 'haiku', 4.5],
    ['anthropic.claude-3-opus-20240229-v1:0', 'opus', 3],
  ])('%s is %s %s', (id, family, version) => {
    expect(parseModelId(id)).toEqual({ family, version });
  });

  it('knows no family for other models', () => {
    expect(parseModelId('gpt-4o')).toEqual({ family: 'other', version: null });
    expect(parseModelId('<synthetic>')).toEqual({ family: 'other', version: null });
  });
});

describe('price table (USD per million tokens)', () => {
  it.each([
    ['claude-opus-4-5-20251101', 5, 25],
    ['claude-opus-4-6', 5, 25],
    ['claude-opus-4-1-20250805', 15, 75],
    ['claude-opus-4-20250514', 15, 75],
    ['claude-3-opus-20240229', 15, 75],
    ['claude-sonnet-4-5-20250929', 3, 15],
    ['claude-sonnet-4-20250514', 3, 15],
    ['claude-3-7-sonnet-20250219', 3, 15],
    ['claude-3-5-sonnet-20241022', 3, 15],
    ['claude-haiku-4-5-20251001', 1, 5],
    ['claude-3-5-haiku-20241022', 0.8, 4],
    ['claude-3-haiku-20240307', 0.25, 1.25],
  ])('%s costs %s in / %s out', (id, input, output) => {
    expect(priceFor(id)).toMatchObject({ input, output });
  });

  it('prices no unknown model', () => {
    expect(priceFor('gpt-4o')).toBeNull();
    expect(priceFor('claude-sonnet-9')).toBeNull();
    expect(priceFor('claude-opus')).toBeNull();
  });
});

describe('costOf', () => {
  const sonnet = { input: 3, output: 15 };

  it('adds input, output, cache writes at 1.25x / 2x and cache reads at 0.1x input', () => {
    const cost = costOf(
      {
        input_tokens: 1_000_000,
        output_tokens: 1_000_000,
        cache_creation_input_tokens: 3_000_000,
        cache_creation_1h_input_tokens: 1_000_000,
        cache_read_input_tokens: 10_000_000,
      },
      sonnet,
    );
    // 3 + 15 + 2M*3*1.25 (7.5) + 1M*3*2 (6) + 10M*3*0.1 (3)
    expect(cost).toBeCloseTo(34.5, 10);
  });

  it('is null for an unpriced model', () => {
    expect(costOf({ input_tokens: 5, output_tokens: 5 }, null)).toBeNull();
  });
});

describe('price overrides', () => {
  it('prices a model prefix or a family range before the built-in table', async () => {
    const { priceFileSchema, PRICE_TABLE } = await import('./pricing.js');
    const rows = priceFileSchema.parse([
      { model: 'claude-sonnet-4-5', input: 2, output: 10 },
      { family: 'opus', from: 4.5, to: 99, input: 4, output: 20 },
      { model: 'my-local-model', input: 0.5, output: 1 },
    ]);
    const table = [...rows, ...PRICE_TABLE];
    expect(priceFor('claude-sonnet-4-5-20250929', table)).toMatchObject({ input: 2, output: 10 });
    expect(priceFor('claude-opus-4-5-20251101', table)).toMatchObject({ input: 4, output: 20 });
    expect(priceFor('my-local-model-v2', table)).toMatchObject({ input: 0.5, output: 1 });
    expect(priceFor('claude-haiku-4-5', table)).toMatchObject({ input: 1, output: 5 });
  });

  it('refuses malformed rows', async () => {
    const { priceFileSchema } = await import('./pricing.js');
    expect(priceFileSchema.safeParse([{ model: 'x', input: -1, output: 1 }]).success).toBe(false);
    expect(priceFileSchema.safeParse([{ family: 'gpt', from: 1, to: 2, input: 1, output: 1 }]).success).toBe(false);
    expect(priceFileSchema.safeParse({ model: 'x' }).success).toBe(false);
  });
});
