import { z } from 'zod';

/** Unix time in seconds, as a float (the original Python monitor's `time.time()`); never milliseconds on the wire. */
export const unixSeconds = z
  .number()
  .finite()
  .nonnegative()
  .lt(100_000_000_000, { message: 'timestamps are Unix seconds, not milliseconds' });
export type UnixSeconds = z.infer<typeof unixSeconds>;

/** A finite number from a client, later clamped into its range. */
export const clientNumber = z.number({ message: 'must be a number' }).finite();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string with each lone UTF-16 surrogate (valid in JSON's `\ud800`, not encodable in UTF-8)
 * replaced by U+FFFD, as String#toWellFormed does: what a UTF-8 store can keep and give back.
 */
export const wellFormed = (value: string): string => value.replace(LONE_SURROGATE, '\uFFFD');
