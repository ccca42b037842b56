import { calcPrice } from '@pydantic/genai-prices';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { costOf, priceFor } from '../pricing.js';
import type { CodexUsageRecord } from '../../sources/codex/rollout-reader.js';
import type { GeminiUsageRecord } from '../../sources/gemini/chat-reader.js';
import { priceAnthropic, priceGemini, priceOpenAI, type AnthropicUsage, type GeminiUsage, type OpenAIUsage } from './index.js';

const at = new Date('2026-01-15T12:00:00Z');
const close = (value: number | undefined, expected: number) => expect(value).toBeCloseTo(expected, 9);

/** Anthropic's published Sonnet 4 / 4.5 rates (USD per MTok), written out here, not read from the package. */
const SONNET = {
  base: { input: 3, write5m: 3.75, write1h: 6, read: 0.3, output: 15 },
  long: { input: 6, write5m: 7.5, write1h: 12, read: 0.6, output: 22.5 },
};

function anthropicTruth(u: Required<AnthropicUsage>): number {
  const prompt = u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
  const r = prompt > 200_000 ? SONNET.long : SONNET.base;
  const write5m = u.cache_creation_input_tokens - u.cache_creation_1h_input_tokens;
  return (u.input_tokens * r.input + write5m * r.write5m + u.cache_creation_1h_input_tokens * r.write1h + u.cache_read_input_tokens * r.read + u.output_tokens * r.output) / 1e6;
}

describe('priceAnthropic', () => {
  it('prices the split usage at base rates, 1-hour cache writes at 2x input', () => {
    const u = { input_tokens: 1000, cache_creation_input_tokens: 2000, cache_creation_1h_input_tokens: 500, cache_read_input_tokens: 10_000, output_tokens: 500 };
    const p = priceAnthropic(u, 'claude-sonnet-4-5-20250929', { at });
    close(p?.totalUsd, 0.022125);
    expect(p).toMatchObject({ priceModelId: 'claude-sonnet-4-5', longContext: false, promptTokens: 13_000 });
    // Same as the server's own base-rate table below the threshold.
    close(p?.totalUsd, costOf(u, priceFor('claude-sonnet-4-5-20250929')) ?? NaN);
  });

  it('switches to long-context rates on the whole prompt, cache reads and writes included, above (not at) 200k', () => {
    const long = { input_tokens: 5000, cache_creation_input_tokens: 10_000, cache_creation_1h_input_tokens: 0, cache_read_input_tokens: 190_000, output_tokens: 2000 };
    const p = priceAnthropic(long, 'claude-sonnet-4-5', { at });
    expect(p?.longContext).toBe(true);
    close(p?.totalUsd, 0.264); // every token of the request at the higher rate, output included
    const atThreshold = { ...long, cache_read_input_tokens: 185_000 }; // prompt exactly 200,000
    expect(priceAnthropic(atThreshold, 'claude-sonnet-4-5', { at })?.longContext).toBe(false);
    expect(priceAnthropic({ ...atThreshold, input_tokens: 5001 }, 'claude-sonnet-4-5', { at })?.longContext).toBe(true);
  });

  it('gives Claude Sonnet 4 the long-context tier the package lacks, on identical base rates', () => {
    const small = { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 10 };
    const baseUsage = { input_tokens: 150_000, cache_write_tokens: 20_000, cache_write_1h_tokens: 5000, cache_read_tokens: 100_000, output_tokens: 100_000 };
    const pkg40 = calcPrice(baseUsage, 'claude-sonnet-4-0', { providerId: 'anthropic', timestamp: at });
    const pkg45 = calcPrice(baseUsage, 'claude-sonnet-4-5', { providerId: 'anthropic', timestamp: at });
    expect(pkg40?.model.id).toBe('claude-sonnet-4-0');
    close(pkg40?.total_price, pkg45?.total_price ?? NaN);
    const long = { input_tokens: 1000, cache_creation_input_tokens: 0, cache_read_input_tokens: 250_000, output_tokens: 4000 };
    expect(priceAnthropic(long, 'claude-sonnet-4-20250514', { at })?.longContext).toBe(true);
    close(priceAnthropic(long, 'claude-sonnet-4-20250514', { at })?.totalUsd, anthropicTruth({ cache_creation_1h_input_tokens: 0, ...long }));
    close(priceAnthropic(small, 'claude-sonnet-4-20250514', { at })?.totalUsd, (100 * 3 + 10 * 15) / 1e6);
  });

  it('prices claude-sonnet-4-6: tiered before 2026-03-13, flat across the 1M window after (the package’s dated entries)', () => {
    const long = { input_tokens: 300_000, output_tokens: 1000 };
    close(priceAnthropic(long, 'claude-sonnet-4-6', { at: new Date('2026-02-01T00:00:00Z') })?.totalUsd, (300_000 * 6 + 1000 * 22.5) / 1e6);
    const flat = priceAnthropic(long, 'claude-sonnet-4-6', { at: new Date('2026-06-01T00:00:00Z') });
    close(flat?.totalUsd, (300_000 * 3 + 1000 * 15) / 1e6);
    expect(flat?.longContext).toBe(false);
  });

  it('matches Anthropic’s rates on a generated set of Sonnet requests, some over 200k', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let base = 0;
    let truth = 0;
    let got = 0;
    let longCount = 0;
    for (let i = 0; i < 400; i++) {
      const read = Math.floor(random() * (i % 5 === 0 ? 260_000 : 120_000));
      const u = { input_tokens: 1 + Math.floor(random() * 4000), cache_creation_input_tokens: Math.floor(random() * 8000), cache_creation_1h_input_tokens: 0, cache_read_input_tokens: read, output_tokens: Math.floor(random() * 3000) };
      u.cache_creation_1h_input_tokens = i % 7 === 0 ? Math.floor(u.cache_creation_input_tokens / 2) : 0;
      const model = i % 2 === 0 ? 'claude-sonnet-4-5-20250929' : 'claude-sonnet-4-20250514';
      const p = priceAnthropic(u, model, { at });
      if (p?.longContext) longCount++;
      got += p?.totalUsd ?? NaN;
      truth += anthropicTruth(u);
      base += costOf(u, priceFor(model)) ?? NaN;
    }
    close(got, truth);
    expect(longCount).toBeGreaterThan(10);
    expect(truth).toBeGreaterThan(base);
    console.info(`generated Sonnet requests: $${base.toFixed(2)} at base rates, $${truth.toFixed(2)} with long-context rates (${longCount} of 400 over 200k)`);
  });
});

describe('priceOpenAI', () => {
  it('prices input including cached and output including reasoning, without counting either twice', () => {
    const p = priceOpenAI({ input_tokens: 10_000, cached_input_tokens: 8000, output_tokens: 1000 }, 'gpt-5-codex', { at });
    close(p?.totalUsd, (2000 * 1.25 + 8000 * 0.125 + 1000 * 10) / 1e6);
    expect(p?.priceModelId).toBe('gpt-5');
  });

  it('knows the Codex models and gpt-5.4’s tier over 272k', () => {
    for (const model of ['gpt-5.1-codex-max', 'gpt-5.1-codex-mini', 'gpt-5.2-codex', 'gpt-5.3-codex']) expect(priceOpenAI({ input_tokens: 1, output_tokens: 1 }, model, { at }), model).not.toBeNull();
    expect(priceOpenAI({ input_tokens: 272_000, output_tokens: 1 }, 'gpt-5.4', { at })?.longContext).toBe(true);
    expect(priceOpenAI({ input_tokens: 271_999, output_tokens: 1 }, 'gpt-5.4', { at })?.longContext).toBe(false);
  });
});

describe('priceGemini', () => {
  it('prices prompt (cached inside it) plus tool input, output plus thoughts', () => {
    const p = priceGemini({ input: 14_900, cached: 12_100, output: 640, thoughts: 1500, tool: 2300 }, 'gemini-2.5-pro', { at });
    close(p?.totalUsd, ((14_900 + 2300 - 12_100) * 1.25 + 12_100 * 0.125 + (640 + 1500) * 10) / 1e6);
  });

  it('applies gemini-2.5-pro’s rates over 200k prompt tokens', () => {
    const p = priceGemini({ input: 250_000, cached: 0, output: 1000, thoughts: 0, tool: 0 }, 'gemini-2.5-pro', { at });
    expect(p?.longContext).toBe(true);
    close(p?.totalUsd, (250_000 * 2.5 + 1000 * 15) / 1e6);
  });
});

describe('prices module', () => {
  it('takes the readers’ usage records as they are', () => {
    const codex = { input_tokens: 100, cached_input_tokens: 60, output_tokens: 20, reasoning_output_tokens: 5 } as CodexUsageRecord;
    const gemini = { input: 100, cached: 60, output: 20, thoughts: 5, tool: 3 } as GeminiUsageRecord;
    const asOpenAI: OpenAIUsage = codex;
    const asGemini: GeminiUsage = gemini;
    close(priceOpenAI(asOpenAI, 'gpt-5', { at })?.totalUsd, (40 * 1.25 + 60 * 0.125 + 20 * 10) / 1e6);
    close(priceGemini(asGemini, 'gemini-2.5-flash', { at })?.totalUsd, (43 * 0.3 + 60 * 0.03 + 25 * 2.5) / 1e6);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('answers null for a model it does not know', () => {
    expect(priceOpenAI({ input_tokens: 1, output_tokens: 1 }, 'no-such-model-x')).toBeNull();
    expect(priceAnthropic({ input_tokens: 1, output_tokens: 1 }, 'claude-unknown-9')).toBeNull();
  });

  it('never reaches the network', () => {
    const fetch = vi.fn(() => Promise.reject(new Error('no network')));
    vi.stubGlobal('fetch', fetch);
    priceAnthropic({ input_tokens: 1, output_tokens: 1 }, 'claude-opus-4-6');
    priceOpenAI({ input_tokens: 1, output_tokens: 1 }, 'gpt-5');
    priceGemini({ input: 1, output: 1 }, 'gemini-3-pro-preview');
    expect(fetch).not.toHaveBeenCalled();
  });
});
