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
