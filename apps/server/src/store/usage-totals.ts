import type { UsageTotals } from './store.js';

/** Adds `from`'s requests, tokens and cost into `into`. */
export function addUsage(into: UsageTotals, from: UsageTotals): void {
  into.requests += from.requests;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheCreationTokens += from.cacheCreationTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.costUsd += from.costUsd;
}

export const emptyUsage = (): UsageTotals => ({ requests: 0, inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 });
