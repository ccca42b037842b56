import { parseModelId } from './model-id.js';

/** USD per million tokens. Cache writes and reads are multiples of the input price. */
export interface Price {
  input: number;
  output: number;
}

export interface PriceRow extends Price {
  family: 'haiku' | 'sonnet' | 'opus';
  /** Inclusive version range this row prices. */
  from: number;
  to: number;
  label: string;
}

export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;
export const CACHE_READ_MULTIPLIER = 0.1;

/** Anthropic list prices for the Claude families (USD per million tokens). */
export const PRICE_TABLE: readonly PriceRow[] = [
  { label: 'Opus 4.5 and later', family: 'opus', from: 4.5, to: 99, input: 5, output: 25 },
  { label: 'Opus 4 and 4.1', family: 'opus', from: 4, to: 4.1, input: 15, output: 75 },
  { label: 'Opus 3', family: 'opus', from: 3, to: 3, input: 15, output: 75 },
  { label: 'Sonnet 3.5 to 4.5', family: 'sonnet', from: 3.5, to: 4.5, input: 3, output: 15 },
  { label: 'Haiku 4.5', family: 'haiku', from: 4.5, to: 4.5, input: 1, output: 5 },
  { label: 'Haiku 3.5', family: 'haiku', from: 3.5, to: 3.5, input: 0.8, output: 4 },
  { label: 'Haiku 3', family: 'haiku', from: 3, to: 3, input: 0.25, output: 1.25 },
];

/** The price row for a model id, or null when no row matches (the model is then reported as unpriced). */
export function priceFor(model: string, table: readonly PriceRow[] = PRICE_TABLE): PriceRow | null {
  const { family, version } = parseModelId(model);
  if (family === 'other' || version === null) return null;
  return table.find((row) => row.family === family && version >= row.from - 1e-9 && version <= row.to + 1e-9) ?? null;
}

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | undefined;
  cache_read_input_tokens?: number | undefined;
  /** The part of cache_creation_input_tokens written to the 1-hour cache. */
  cache_creation_1h_input_tokens?: number | undefined;
}

/** Cost in USD of one request at a price, or null when the model is unpriced. */
export function costOf(usage: TokenUsage, price: Price | null): number | null {
  if (!price) return null;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const cacheWrite1h = Math.min(usage.cache_creation_1h_input_tokens ?? 0, cacheWrite);
  const cacheWrite5m = cacheWrite - cacheWrite1h;
  const perToken = price.input / 1e6;
  return (
    usage.input_tokens * perToken +
    usage.output_tokens * (price.output / 1e6) +
    cacheWrite5m * perToken * CACHE_WRITE_5M_MULTIPLIER +
    cacheWrite1h * perToken * CACHE_WRITE_1H_MULTIPLIER +
    (usage.cache_read_input_tokens ?? 0) * perToken * CACHE_READ_MULTIPLIER
  );
}
