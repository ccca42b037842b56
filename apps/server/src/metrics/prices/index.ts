import { priceUsage, type PriceResult } from './genai.js';

export type { PriceResult, ProviderId } from './genai.js';

/** When a request happened; prices with a start date (e.g. claude-sonnet-4-6 going flat on 2026-03-13) depend on it. */
export interface PriceOptions {
  /** Request time. Default: now. */
  at?: Date | undefined;
}

/**
 * Anthropic's split usage (Messages API, Claude Code transcripts): the four counts are DISJOINT —
 * `input_tokens` is the uncached rest of the prompt.
 */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens?: number | undefined;
  /** The part of cache_creation_input_tokens written to the 1-hour cache (billed 2x input instead of 1.25x). */
  cache_creation_1h_input_tokens?: number | undefined;
  cache_read_input_tokens?: number | undefined;
  output_tokens: number;
}

/**
 * An Anthropic request's price. The long-context tier (Sonnet 4 / 4.5 over 200k) is chosen on
 * the whole prompt, input + cache writes + cache reads, as Anthropic bills it.
 */
export function priceAnthropic(usage: AnthropicUsage, model: string, options: PriceOptions = {}): PriceResult | null {
  const write = usage.cache_creation_input_tokens ?? 0;
  const read = usage.cache_read_input_tokens ?? 0;
  return priceUsage(
    {
      input_tokens: usage.input_tokens + write + read,
      cache_write_tokens: write,
      cache_write_1h_tokens: Math.min(usage.cache_creation_1h_input_tokens ?? 0, write),
      cache_read_tokens: read,
      output_tokens: usage.output_tokens,
    },
    model,
    'anthropic',
    options.at ?? new Date(),
  );
}

/**
 * OpenAI usage as the Responses API and Codex rollouts count it: `input_tokens` INCLUDES
 * `cached_input_tokens`, `output_tokens` INCLUDES reasoning tokens (which are billed as output
 * and must not be added again).
 */
export interface OpenAIUsage {
  input_tokens: number;
  cached_input_tokens?: number | undefined;
  output_tokens: number;
}

export function priceOpenAI(usage: OpenAIUsage, model: string, options: PriceOptions = {}): PriceResult | null {
  return priceUsage(
    {
      input_tokens: usage.input_tokens,
      cache_read_tokens: Math.min(usage.cached_input_tokens ?? 0, usage.input_tokens),
      output_tokens: usage.output_tokens,
    },
    model,
    'openai',
    options.at ?? new Date(),
  );
}

/**
 * Gemini usage as Gemini CLI records it per message (`tokens` of a chat recording, from the API's
 * `usageMetadata`): `input` = promptTokenCount, which INCLUDES `cached` (cachedContentTokenCount);
 * `output` = candidatesTokenCount, which EXCLUDES `thoughts` (thoughtsTokenCount, billed as
 * output); `tool` = toolUsePromptTokenCount, tool results fed back as input, outside `input`.
 */
export interface GeminiUsage {
  input: number;
  cached?: number | undefined;
  output: number;
  thoughts?: number | undefined;
  tool?: number | undefined;
}

export function priceGemini(usage: GeminiUsage, model: string, options: PriceOptions = {}): PriceResult | null {
  const prompt = usage.input + (usage.tool ?? 0);
  return priceUsage(
    {
      input_tokens: prompt,
      cache_read_tokens: Math.min(usage.cached ?? 0, prompt),
      output_tokens: usage.output + (usage.thoughts ?? 0),
    },
    model,
    'google',
    options.at ?? new Date(),
  );
}
