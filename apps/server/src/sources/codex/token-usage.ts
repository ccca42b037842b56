import { asObject, count } from '../json-value.js';

/**
 * Codex's `TokenUsage` (codex-rs/protocol/src/protocol.rs):
 * `{ input_tokens, cached_input_tokens, output_tokens, reasoning_output_tokens, total_tokens }`.
 *
 * - `input_tokens` INCLUDES `cached_input_tokens`: upstream's `non_cached_input()` is
 *   `input_tokens - cached_input_tokens`, and its display prints "input=<non-cached> (+ N cached)".
 * - `output_tokens` INCLUDES `reasoning_output_tokens`: upstream's `blended_total()` is
 *   non-cached input + `output_tokens` with no reasoning term, and the display prints
 *   "output=N (reasoning M)". These are the Responses API's `usage.output_tokens` and
 *   `output_tokens_details.reasoning_tokens`, where reasoning is a part of output.
 * - `total_tokens` is input + output (reasoning not added again).
 */
export interface CodexTokens {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

const FIELDS = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens'] as const;

/** A running total can pass the 100M cap of one request's counts, so totals are read uncapped. */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

/** A `TokenUsage` object, or undefined when the value is not one (no numeric field at all). */
export function readTokens(value: unknown): CodexTokens | undefined {
  const o = asObject(value);
  if (!o || !FIELDS.some((f) => typeof o[f] === 'number')) return undefined;
  const input = count(o.input_tokens, UNCAPPED);
  const output = count(o.output_tokens, UNCAPPED);
  // Some writers name the cached part like Anthropic does (ccusage's reader accepts both).
  const cached = count(o.cached_input_tokens ?? o.cache_read_input_tokens, UNCAPPED);
  const reasoning = count(o.reasoning_output_tokens, UNCAPPED);
  // Legacy lines may lack total_tokens: it is input + output (reasoning is inside output).
  const total = typeof o.total_tokens === 'number' ? count(o.total_tokens, UNCAPPED) : input + output;
  return { input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: total };
}

/** True when no token count of `next` is below the one in `prev` (a running total that only grew or stayed). */
export function isMonotonic(prev: CodexTokens, next: CodexTokens): boolean {
  return FIELDS.every((f) => next[f] >= prev[f]);
}

export function subtract(next: CodexTokens, prev: CodexTokens): CodexTokens {
  return {
    input_tokens: next.input_tokens - prev.input_tokens,
    cached_input_tokens: next.cached_input_tokens - prev.cached_input_tokens,
    output_tokens: next.output_tokens - prev.output_tokens,
    reasoning_output_tokens: next.reasoning_output_tokens - prev.reasoning_output_tokens,
    total_tokens: next.total_tokens - prev.total_tokens,
  };
}

/**
 * True when the usage carries no billable token. `total_tokens` alone does not count: upstream's
 * `fill_to_context_window` writes a usage whose only non-zero field is `total_tokens` (a
 * context-window-full marker, not a request).
 */
export function isEmpty(t: CodexTokens): boolean {
  return t.input_tokens === 0 && t.cached_input_tokens === 0 && t.output_tokens === 0 && t.reasoning_output_tokens === 0;
}

/** Running totals as an identity: the same request replayed in another file has the same vector. */
export function vectorKey(t: CodexTokens): string {
  return `${t.input_tokens}/${t.cached_input_tokens}/${t.output_tokens}/${t.reasoning_output_tokens}/${t.total_tokens}`;
}
