import { z } from 'zod';

/** Requests, tokens of each kind and cost: a model's usage in a snapshot, a 5-hour block's sums. */
export const modelUsage = z.object({
  requests: z.number().int().nonnegative(),
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_creation_tokens: z.number().int().nonnegative(),
  cache_read_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().finite(),
});
export type ModelUsage = z.infer<typeof modelUsage>;
