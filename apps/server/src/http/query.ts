import { clamp, INTERVAL_DEFAULT, INTERVAL_MAX, INTERVAL_MIN } from '@amiga/protocol';
import { z } from 'zod';
import { effectiveHours } from '../metrics/window.js';

const queryNumber = (name: string) =>
  z
    .string()
    .max(32)
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const n = Number(value);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a number` });
        return z.NEVER;
      }
      return n;
    });

/** `?hours=N` (clamped to 1..168, default 24). */
export const hoursQuery = z
  .object({ hours: queryNumber('hours') })
  .transform(({ hours }) => ({ hours: effectiveHours(hours) }));

/** `?hours=N&interval=S` for the SSE stream. */
export const streamQuery = z
  .object({ hours: queryNumber('hours'), interval: queryNumber('interval') })
  .transform(({ hours, interval }) => ({
    hours: effectiveHours(hours),
    interval: interval === undefined ? INTERVAL_DEFAULT : clamp(interval, INTERVAL_MIN, INTERVAL_MAX),
  }));

/** Express gives repeated parameters as arrays; keep the first of each. */
export function firstValues(query: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (query && typeof query === 'object') {
    for (const [key, value] of Object.entries(query)) {
      const v = Array.isArray(value) ? value[0] : value;
      out[key] = typeof v === 'string' ? v : undefined;
    }
  }
  return out;
}
