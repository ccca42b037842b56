import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { priceFileSchema } from '../pricing.js';
import { providerOf, RequestPricer, type RequestTokens } from './request-price.js';

const ts = Date.parse('2026-01-15T12:00:00Z') / 1000;
const M = 1_000_000;
const close = (value: number | null | undefined, expected: number) => expect(value).toBeCloseTo(expected, 9);
const pricer = new RequestPricer();

/** One million of each kind alone: the per-MTok rates, read back. */
function rates(model: string, at = ts): [number | null, number | null, number | null] {
  return [
    pricer.cost({ inputTokens: 100_000, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }, model, at),
    pricer.cost({ inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 100_000 }, model, at),
    pricer.cost({ inputTokens: 0, outputTokens: 100_000, cacheCreationTokens: 0, cacheReadTokens: 0 }, model, at),
  ].map((v) => (v === null ? null : Math.round(v * 10 * 1e6) / 1e6)) as [number, number, number];
}

describe('RequestPricer: the list prices the issue pins (USD per MTok, input / cached input / output)', () => {
  const pinned: Array<[string, number, number, number]> = [
    ['gpt-5', 1.25, 0.125, 10],
    ['gpt-5-codex', 1.25, 0.125, 10],
    ['gpt-5.1-codex-mini', 0.25, 0.025, 2],
    ['gpt-5.2-codex', 1.75, 0.175, 14],
    ['gemini-2.5-pro', 1.25, 0.125, 10],
    ['gemini-2.5-flash', 0.3, 0.03, 2.5],
    ['gemini-3-pro-preview', 2, 0.2, 12],
    ['claude-sonnet-4-6', 3, 0.3, 15],
  ];
  for (const [model, input, cached, output] of pinned) {
    it(model, () => {
      expect(rates(model)).toEqual([input, cached, output]);
      // below any tier, a mixed request is the sum of its parts
      close(pricer.cost({ inputTokens: 2000, outputTokens: 1000, cacheCreationTokens: 0, cacheReadTokens: 8000 }, model, ts), (2000 * input + 8000 * cached + 1000 * output) / M);
    });
  }

  it('Claude Sonnet 4 and 4.5 above 200k prompt tokens: 6 / 22.50, writes 7.50 (5 min) and 12 (1 h), reads 0.60', () => {
    for (const model of ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-20250514']) {
      const t: RequestTokens = { inputTokens: 4000, outputTokens: 2000, cacheCreationTokens: 10_000, cacheCreation1hTokens: 4000, cacheReadTokens: 190_000 };
      close(pricer.cost(t, model, ts), (4000 * 6 + 6000 * 7.5 + 4000 * 12 + 190_000 * 0.6 + 2000 * 22.5) / M);
      // exactly 200k is still the base rate: the prompt must pass the threshold
      const at200k = { ...t, cacheReadTokens: 186_000 };
      close(pricer.cost(at200k, model, ts), (4000 * 3 + 6000 * 3.75 + 4000 * 6 + 186_000 * 0.3 + 2000 * 15) / M);
    }
  });

  it('Gemini 2.5 Pro above 200k: 2.50 / 0.25 / 15; Gemini 3 Pro Preview above 200k: 4 / 0.40 / 18', () => {
    const t: RequestTokens = { inputTokens: 60_000, outputTokens: 3000, cacheCreationTokens: 0, cacheReadTokens: 150_000 };
    close(pricer.cost(t, 'gemini-2.5-pro', ts), (60_000 * 2.5 + 150_000 * 0.25 + 3000 * 15) / M);
    close(pricer.cost(t, 'gemini-3-pro-preview', ts), (60_000 * 4 + 150_000 * 0.4 + 3000 * 18) / M);
  });

  it('gives the same figure as the package’s calcPrice on generated requests of every provider', () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const models = ['claude-sonnet-4-5', 'claude-opus-4-6', 'claude-haiku-4-5', 'claude-3-5-haiku-20241022', 'gpt-5', 'gpt-5.2-codex', 'gpt-4.1', 'o3', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-3-pro-preview'];
    for (let i = 0; i < 300; i++) {
      const model = models[i % models.length] as string;
      const anthropic = model.startsWith('claude');
      const t = { inputTokens: Math.floor(random() * 60_000), outputTokens: Math.floor(random() * 8000), cacheCreationTokens: anthropic ? Math.floor(random() * 30_000) : 0, cacheReadTokens: Math.floor(random() * 220_000), cacheCreation1hTokens: 0 };
      t.cacheCreation1hTokens = anthropic && i % 3 === 0 ? Math.floor(t.cacheCreationTokens / 2) : 0;
      const at = new Date(ts * 1000);
      const pkg = calcPrice(
        { input_tokens: t.inputTokens + t.cacheCreationTokens + t.cacheReadTokens, cache_write_tokens: t.cacheCreationTokens, cache_write_1h_tokens: t.cacheCreation1hTokens, cache_read_tokens: t.cacheReadTokens, output_tokens: t.outputTokens },
        model,
        { providerId: providerOf(model) ?? undefined, timestamp: at },
      );
      expect(pkg, model).not.toBeNull();
      close(pricer.cost(t, model, ts), pkg?.total_price ?? NaN);
    }
  });

  it('prices by the request’s time: claude-sonnet-4-6 is tiered before 2026-03-13 and flat after (the dataset’s dated entries)', () => {
    const t: RequestTokens = { inputTokens: 300_000, outputTokens: 1000, cacheCreationTokens: 0, cacheReadTokens: 0 };
    close(pricer.cost(t, 'claude-sonnet-4-6', Date.parse('2026-02-01T00:00:00Z') / 1000), (300_000 * 6 + 1000 * 22.5) / M);
    close(pricer.cost(t, 'claude-sonnet-4-6', Date.parse('2026-06-01T00:00:00Z') / 1000), (300_000 * 3 + 1000 * 15) / M);
  });

  it('answers null for a model the dataset does not know, never 0', () => {
    const t: RequestTokens = { inputTokens: 10, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 0 };
    expect(pricer.cost(t, 'gpt-9-imaginary', ts)).toBeNull();
    expect(pricer.cost(t, 'unknown', ts)).toBeNull();
    expect(pricer.cost(t, 'gemini-0.1-nothing', ts)).toBeNull();
    expect(pricer.knows('gpt-5', ts)).toBe(true);
  });

  it('applies MONITORING_PRICES rows before the dataset, for any provider', () => {
    const rows = priceFileSchema.parse([{ model: 'gpt-5-codex', input: 2, output: 20 }, { model: 'my-local-model', input: 1, output: 1 }]);
    const p = new RequestPricer(rows);
    const t: RequestTokens = { inputTokens: 1000, outputTokens: 100, cacheCreationTokens: 0, cacheReadTokens: 1000 };
    close(p.cost(t, 'gpt-5-codex', ts), (1000 * 2 + 1000 * 0.2 + 100 * 20) / M);
    close(p.cost(t, 'my-local-model', ts), (1000 + 100 + 100) / M);
    close(p.cost(t, 'gpt-5', ts), (1000 * 1.25 + 1000 * 0.125 + 100 * 10) / M); // not overridden: the dataset
  });

  it('tells the provider from the model id', () => {
    expect(['claude-opus-4-6', 'gpt-5-codex', 'o3-mini', 'gemini-2.5-pro', 'models/gemini-2.5-flash', 'mistral-large'].map(providerOf)).toEqual(['anthropic', 'openai', 'openai', 'google', 'google', null]);
  });
});
