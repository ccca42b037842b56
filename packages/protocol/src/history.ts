import { z } from 'zod';
import { unixSeconds } from './common.js';
import { scopeFields } from './scope.js';
import { seriesPoint } from './snapshot.js';

/** Bucket widths a history may use, in seconds (1 minute to 1 day). */
export const HISTORY_BUCKETS = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400] as const;
/** Most buckets one history request may span. */
export const HISTORY_MAX_POINTS = 2_000;
/** Points per `history_chunk`. */
export const HISTORY_CHUNK_POINTS = 200;

/** `request_history` / `GET /api/metrics/history`: the series between `from` and `to` (Unix seconds) in buckets of `bucket` seconds. */
export const historyRequest = z
  .object({
    from: unixSeconds,
    to: unixSeconds,
    bucket: z.number().refine((b) => (HISTORY_BUCKETS as readonly number[]).includes(b), {
      message: `bucket must be one of ${HISTORY_BUCKETS.join(', ')} (seconds)`,
    }),
    /** Echoed in every chunk, so a client can tell concurrent histories apart. */
    request_id: z.string().min(1).max(64).optional(),
    ...scopeFields,
  })
  .refine((r) => r.to > r.from, { message: 'to must be after from', path: ['to'] })
  .refine((r) => (r.to - r.from) / r.bucket <= HISTORY_MAX_POINTS, {
    message: `at most ${HISTORY_MAX_POINTS} buckets: use a larger bucket or a shorter range`,
    path: ['bucket'],
  });
export type HistoryRequest = z.infer<typeof historyRequest>;

/** One chunk of a streamed history; the client acknowledges each before the next is sent. */
export const historyChunk = z.object({
  request_id: z.string(),
  seq: z.number().int().nonnegative(),
  /** Buckets that hold data, oldest first. */
  points: z.array(seriesPoint),
  done: z.boolean(),
});
export type HistoryChunk = z.infer<typeof historyChunk>;

/** The body of `GET /api/metrics/history`. */
export const historyResponse = z.object({
  from: unixSeconds,
  to: unixSeconds,
  bucket: z.number().int(),
  points: z.array(seriesPoint),
});
export type HistoryResponse = z.infer<typeof historyResponse>;
