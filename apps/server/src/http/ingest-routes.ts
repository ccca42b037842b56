import type { IngestEvent } from '@amiga/protocol';
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { describeIssues } from '../errors/describe-issues.js';
import { normalizeEvent } from '../ingest/normalize.js';
import type { PriceRow } from '../metrics/pricing.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import type { HealthState } from './health.js';
import type { Handler } from './route.js';

/** Largest accepted ingest body. */
export const INGEST_BODY_LIMIT = '5mb';

/** Counts events by outcome (for /metrics). */
export type IngestObserver = (result: 'accepted' | 'refused', events: number) => void;

/** Parses JSON whatever the content type says (producers often omit it), with a size limit. */
export const ingestJson = express.json({ limit: INGEST_BODY_LIMIT, type: () => true, strict: false });

/** A body `ingestBody` refuses: 400 naming the first bad event and field, and counted as refused. */
export function refuseIngest(observe?: IngestObserver) {
  return (req: Request, res: Response, error: z.ZodError): void => {
    if (req.body === undefined) return sendError(res, 400, 'expected a JSON body');
    observe?.('refused', Array.isArray(req.body) ? req.body.length : 1);
    sendError(res, 400, describeIngestError(req.body, error.issues));
  };
}

/**
 * `POST /api/events`: one event or an array. A batch is validated whole before
 * anything is written, and committed in one transaction: 202 means stored.
 */
export function ingestHandler(
  store: Store,
  clock: Clock,
  prices?: readonly PriceRow[],
  observe?: IngestObserver,
  health?: HealthState,
): Handler<unknown, IngestEvent | IngestEvent[]> {
  return async (_req, res, { body }) => {
    const events = Array.isArray(body) ? body : [body];
    const now = clock.now();
    const stored = events.map((e) => normalizeEvent(e, { now, ...(prices ? { prices } : {}) }));
    try {
      await store.ingest(stored);
      health?.recover('store-writes');
    } catch (err) {
      // Nothing of the batch is stored (one transaction); the producer may retry.
      health?.degrade('store-writes', `the last write failed: ${(err as Error).message}`);
      throw Object.assign(new Error('storage unavailable'), { status: 503, cause: err });
    }
    observe?.('accepted', events.length);
    res.status(202).json({ accepted: events.length });
  };
}

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  errors?: Issue[][];
}

/** `event 3 (task): status: Invalid option…`, naming the first bad event and field. */
function describeIngestError(body: unknown, issues: readonly Issue[]): string {
  if (!Array.isArray(body)) {
    // The union of "one event" and "an array": report the single-event branch's issues.
    const union = issues.find((i) => i.code === 'invalid_union');
    const branch = union?.errors?.[0] ?? issues;
    return `invalid event: ${describeIssues(branch)}`;
  }
  const union = issues.find((i) => i.code === 'invalid_union');
  const branch = union?.errors?.[1] ?? issues;
  const first = branch[0];
  if (first && typeof first.path[0] === 'number') {
    const index = first.path[0];
    const related = branch.filter((i) => i.path[0] === index).map((i) => ({ ...i, path: i.path.slice(1) }));
    return `event ${index}${typeOf(body[index])}: ${describeIssues(related)}`;
  }
  return describeIssues(branch);
}

function typeOf(event: unknown): string {
  const t = event && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
  return typeof t === 'string' ? ` (${t.slice(0, 40)})` : '';
}
