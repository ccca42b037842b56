import { calcPrice, type ModelPrice, type PriceCalculation, type Usage } from '@pydantic/genai-prices';

/**
 * The one place that calls `@pydantic/genai-prices` (0.1.8, pinned): prices come from the data
 * bundled in the package. The package fetches newer data only through `updatePrices(factory)`,
 * which nothing here calls — `calcPrice` itself reads the bundled table and never touches the
 * network.
 *
 * Its `Usage` counts `input_tokens` as the whole prompt: cache reads and writes are parts of it
 * (`cache_read_tokens`, `cache_write_tokens`, and `cache_write_1h_tokens` within the writes), and
 * it throws when a part exceeds the whole. Long-context tiers switch on that whole prompt: a
 * tier `{ start: 200000 }` applies when `input_tokens > 200000`, and then prices every token of
 * the request (input, cache and output) at the tier's rates, not only the tokens past the
 * threshold.
 */
export type ProviderId = 'anthropic' | 'openai' | 'google';

export interface PriceResult {
  totalUsd: number;
  inputUsd: number;
  outputUsd: number;
  /** The price table's model id that matched (e.g. `claude-sonnet-4-5` for `claude-sonnet-4-5-20250929`). */
  priceModelId: string;
  provider: ProviderId;
  /** Prompt size the tiers were chosen on (genai-prices' `input_tokens`). */
  promptTokens: number;
  /** True when a long-context tier applied to this request. */
  longContext: boolean;
}

/**
 * Models whose genai-prices entry lacks a long-context tier Anthropic charged: Claude Sonnet 4
 * had the same 1M-context pricing as Sonnet 4.5 ($6 / $22.50 per MTok over 200k prompt tokens,
 * cache at the same multiples), but the package's `claude-sonnet-4-0` is flat. Priced on the
 * Sonnet 4.5 entry, whose base rates are the same (pinned by a test).
 */
const PRICE_AS: Readonly<Record<string, string>> = { 'claude-sonnet-4-0': 'claude-sonnet-4-5' };

/** Price of one request, or null when the model is not in the table. */
export function priceUsage(usage: Usage, model: string, provider: ProviderId, at: Date): PriceResult | null {
  let calc: PriceCalculation | null = calcPrice(usage, model, { providerId: provider, timestamp: at });
  if (!calc) return null;
  const alias = PRICE_AS[calc.model.id];
  if (alias) calc = calcPrice(usage, alias, { providerId: provider, timestamp: at }) ?? calc;
  const promptTokens = usage.input_tokens ?? 0;
  return {
    totalUsd: calc.total_price,
    inputUsd: calc.input_price,
    outputUsd: calc.output_price,
    priceModelId: calc.model.id,
    provider,
    promptTokens,
    longContext: hasTierAbove(calc, promptTokens),
  };
}

function hasTierAbove(calc: PriceCalculation, promptTokens: number): boolean {
  return Object.values(calc.model_price).some(
    (price) => typeof price === 'object' && price !== null && price.tiers.some((tier) => promptTokens > tier.start),
  );
}

/**
 * The dataset's rates for a model at a time (the alias above applied), or null when the dataset
 * does not know the model. `provider` null: whichever provider's list matches the id.
 */
export function matchPrice(model: string, provider: ProviderId | null, at: Date): ModelPrice | null {
  const probe = { input_tokens: 1, output_tokens: 1 };
  let calc = calcPrice(probe, model, provider ? { providerId: provider, timestamp: at } : { timestamp: at });
  if (!calc) return null;
  const alias = PRICE_AS[calc.model.id];
  if (alias) calc = calcPrice(probe, alias, { providerId: calc.provider.id, timestamp: at }) ?? calc;
  return calc.model_price;
}
