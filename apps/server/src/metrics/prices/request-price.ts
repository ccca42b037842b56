import type { ModelPrice } from '@pydantic/genai-prices';
import { costOf, priceFor, type PriceRow } from '../pricing.js';
import { matchPrice, type ProviderId } from './genai.js';

/**
 * One request's tokens in the store's vocabulary, the same for every agent: the four counts are
 * DISJOINT. `inputTokens` is the uncached rest of the prompt (cache reads are not inside it),
 * `outputTokens` includes reasoning. `cacheCreation1hTokens` is the part of the cache writes that
 * went to Anthropic's 1-hour cache.
 */
export interface RequestTokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  cacheCreation1hTokens?: number | undefined;
}

/** The provider whose price list a model id is looked up in, or null to let the dataset find one. */
export function providerOf(model: string): ProviderId | null {
  const id = model.toLowerCase().replace(/^models\//, '');
  if (id.includes('claude')) return 'anthropic';
  if (id.startsWith('gemini') || id.startsWith('gemma')) return 'google';
  if (/^(gpt-|o\d|codex|chatgpt-)/.test(id)) return 'openai';
  return null;
}

interface Rates {
  price: ModelPrice;
}

/** Entries kept per (model, hour) before the memo is emptied: model ids are few, a producer inventing endless ones is not. */
const MEMO_LIMIT = 20_000;

/**
 * Prices requests of every provider: a MONITORING_PRICES row first (by model id prefix, or a Claude
 * family's version range), else the maintained dataset (@pydantic/genai-prices, shipped with the
 * package, see genai.ts), else null: the model is unpriced and named as such, never priced $0.
 *
 * The dataset's long-context tiers apply on the whole prompt (input + cache writes + cache reads):
 * a tier `{start}` applies when the prompt is larger than `start`, to every token of the request.
 * The dataset's match of a model id is looked up once per model and hour (prices may have start
 * dates), then each request is priced from the matched rates with the package's arithmetic (a
 * test checks it against the package's own `calcPrice`).
 */
export class RequestPricer {
  readonly #overrides: readonly PriceRow[];
  readonly #memo = new Map<string, Rates | null>();

  /** @param overrides MONITORING_PRICES rows, tried in order before the dataset. */
  constructor(overrides: readonly PriceRow[] = []) {
    this.#overrides = overrides;
  }

  /** Cost in USD, or null when neither an override nor the dataset prices the model. `ts`: request time, epoch seconds. */
  cost(tokens: RequestTokens, model: string, ts: number): number | null {
    if (this.#overrides.length > 0) {
      const row = priceFor(model, this.#overrides);
      if (row) {
        return costOf(
          {
            input_tokens: tokens.inputTokens,
            output_tokens: tokens.outputTokens,
            cache_creation_input_tokens: tokens.cacheCreationTokens,
            cache_read_input_tokens: tokens.cacheReadTokens,
            cache_creation_1h_input_tokens: tokens.cacheCreation1hTokens,
          },
          row,
        );
      }
    }
    const rates = this.#rates(model, ts);
    return rates ? costAt(rates.price, tokens) : null;
  }

  /** True when the model has a price (override or dataset) at that time. */
  knows(model: string, ts: number): boolean {
    return (this.#overrides.length > 0 && priceFor(model, this.#overrides) !== null) || this.#rates(model, ts) !== null;
  }

  #rates(model: string, ts: number): Rates | null {
    const hour = Math.floor((Number.isFinite(ts) ? ts : Date.now() / 1000) / 3600);
    const key = `${hour}\u0000${model}`;
    let rates = this.#memo.get(key);
    if (rates === undefined) {
      const price = matchPrice(model, providerOf(model), new Date(hour * 3600_000));
      rates = price ? { price } : null;
      if (this.#memo.size >= MEMO_LIMIT) this.#memo.clear();
      this.#memo.set(key, rates);
    }
    return rates;
  }
}

type PriceValue = ModelPrice[string];

/** The rate of one price key at a prompt size: the last tier whose start the prompt passes, else the base. */
function rate(value: PriceValue, prompt: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  let r = value.base;
  for (const tier of value.tiers) if (prompt > tier.start) r = tier.price;
  return r;
}

/**
 * The package's arithmetic for text tokens: cache reads and writes are parts of the prompt; a part
 * without a rate of its own is billed at its parent's (a 1-hour write at the write rate, a write or
 * read at the input rate).
 */
function costAt(price: ModelPrice, t: RequestTokens): number {
  const write = t.cacheCreationTokens;
  const write1h = Math.min(t.cacheCreation1hTokens ?? 0, write);
  const prompt = t.inputTokens + write + t.cacheReadTokens;
  const input = rate(price.input_mtok, prompt) ?? 0;
  const writeRate = rate(price.cache_write_mtok, prompt) ?? input;
  const write1hRate = rate(price.cache_write_1h_mtok, prompt) ?? writeRate;
  const readRate = rate(price.cache_read_mtok, prompt) ?? input;
  const output = rate(price.output_mtok, prompt) ?? 0;
  return (t.inputTokens * input + (write - write1h) * writeRate + write1h * write1hRate + t.cacheReadTokens * readRate + t.outputTokens * output) / 1e6;
}

const pricers = new WeakMap<readonly PriceRow[], RequestPricer>();

/** The pricer of a set of override rows (one per array, so its memo is shared by every caller given that array). */
export function pricerFor(overrides: readonly PriceRow[]): RequestPricer {
  let pricer = pricers.get(overrides);
  if (!pricer) {
    pricer = new RequestPricer(overrides);
    pricers.set(overrides, pricer);
  }
  return pricer;
}
