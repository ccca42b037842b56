import { ingestBody } from '@amiga/protocol';
import express, { Router } from 'express';
import type { Clock } from '../clock.js';
import { normalizeEvent } from '../ingest/normalize.js';
import type { PriceRow } from '../metrics/pricing.js';
import type { Store } from '../store/store.js';
import { sendError } from './errors.js';
import type { HealthState } from './health.js';

/** Largest accepted ingest body. */
export const INGEST_BODY_LIMIT = '5mb';

/**
 * `POST /api/events`: one event or an array. A batch is validated whole before
 * anything is written, and committed in one transaction: 202 means stored.
 */
export function ingestRoutes(
  store: Store,
  clock: Clock,
  prices?: readonly PriceRow[],
  /** Counts events by outcome (for /metrics). */
  observe?: (result: 'accepted' | 'refused', events: number) => void,
  health?: HealthState,
): Router {
  const router = Router();
  // Parse JSON whatever the content type says (producers often omit it), with a size limit.
  router.post('/api/events', express.json({ limit: INGEST_BODY_LIMIT, type: () => true, strict: false }), async (req, res) => {
    if (req.body === undefined) return sendError(res, 400, 'expected a JSON body');
    const parsed = ingestBody.safeParse(req.body);
    if (!parsed.success) {
      observe?.('refused', Array.isArray(req.body) ? req.body.length : 1);
      return sendError(res, 400, describeIngestError(req.body, parsed.error.issues));
    }
    const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
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
  });
  return router;
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
    return `invalid event: ${describe(body, branch)}`;
  }
  const union = issues.find((i) => i.code === 'invalid_union');
  const branch = union?.errors?.[1] ?? issues;
  const first = branch[0];
  if (first && typeof first.path[0] === 'number') {
    const index = first.path[0];
    const related = branch.filter((i) => i.path[0] === index).map((i) => ({ ...i, path: i.path.slice(1) }));
    return `event ${index}${typeOf(body[index])}: ${describe(body[index], related)}`;
  }
  return describe(body, branch);
}

function describe(_value: unknown, issues: readonly Issue[]): string {
  if (issues.length === 0) return 'invalid';
  return issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function typeOf(event: unknown): string {
  const t = event && typeof event === 'object' ? (event as { type?: unknown }).type : undefined;
  return typeof t === 'string' ? ` (${t.slice(0, 40)})` : '';
}
