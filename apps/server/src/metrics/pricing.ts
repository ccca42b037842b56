import { z } from 'zod';
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
  /** When set, the row prices exactly the model ids starting with this (case-insensitive), whatever their family. */
  model?: string | undefined;
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
  const id = model.toLowerCase();
  const exact = table.find((row) => row.model !== undefined && id.startsWith(row.model.toLowerCase()));
  if (exact) return exact;
  const { family, version } = parseModelId(model);
  if (family === 'other' || version === null) return null;
  return table.find((row) => row.model === undefined && row.family === family && version >= row.from - 1e-9 && version <= row.to + 1e-9) ?? null;
}

const usdPerMillion = z.number().finite().nonnegative().max(10_000);

/**
 * The MONITORING_PRICES file: a JSON array of rows, each pricing either a model id prefix
 * (`{"model": "claude-sonnet-4-5", "input": 3, "output": 15}`) or a family's version range
 * (`{"family": "opus", "from": 4.5, "to": 99, "input": 5, "output": 25}`). USD per million
 * tokens; cache writes and reads follow from the input price. Rows are tried in order, before the built-in table.
 */
export const priceFileSchema = z
  .array(
    z.union([
      z.object({ model: z.string().min(1), input: usdPerMillion, output: usdPerMillion, label: z.string().optional() }).strict(),
      z
        .object({
          family: z.enum(['haiku', 'sonnet', 'opus']),
          from: z.number().nonnegative(),
          to: z.number().nonnegative(),
          input: usdPerMillion,
          output: usdPerMillion,
          label: z.string().optional(),
        })
        .strict(),
    ]),
  )
  .transform((rows): PriceRow[] =>
    rows.map((row) =>
      'model' in row
        ? { model: row.model, family: 'sonnet', from: 0, to: 0, input: row.input, output: row.output, label: row.label ?? `override: ${row.model}` }
        : { ...row, label: row.label ?? `override: ${row.family} ${row.from}-${row.to}` },
    ),
  );

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
