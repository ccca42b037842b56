import express, { type Response } from 'express';
import { INGEST_API } from '../ingest/endpoints.js';

/** Largest accepted ingest body. */
export const INGEST_BODY_LIMIT = '5mb';

/** Parses JSON whatever the content type says (producers often omit it), with a size limit. */
export const ingestJson = express.json({ limit: INGEST_BODY_LIMIT, type: () => true, strict: false });

/**
 * `POST /api/events`: one event or an array. A batch is validated whole before anything is
 * written (400 naming the first bad event and field), and committed in one transaction: 202
 * means stored. While the store cannot write: 503 with `Retry-After`, nothing stored.
 */
export const INGEST_ROUTE = {
  endpoint: INGEST_API,
  parse: [ingestJson],
  answer: (res: Response, value: { accepted: number }) => void res.status(202).json(value),
};
