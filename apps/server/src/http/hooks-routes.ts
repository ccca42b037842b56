import type { Response } from 'express';
import type { claudeHookBody } from '@amiga/protocol';
import type { Endpoint, IngestService } from '../ingest/ingest-service.js';
import { ingestJson } from './ingest-routes.js';
import type { BodySpec } from './route.js';
import { endpointBody } from './write-route.js';

/**
 * `POST /api/hooks/claude-code`: a Claude Code hook event (the JSON an HTTP hook posts).
 * 200 with `{}` once stored: an empty object is no decision (an HTTP hook's answer can
 * approve, deny or block in Claude Code; the monitor never does). Malformed JSON, a
 * non-object, or no `session_id` / `hook_event_name`: 400. An unknown event name: 200, ignored.
 */
export const HOOKS_ANSWER = (res: Response): void => void res.status(200).json({});

export function hooksBody(ingest: IngestService, endpoint: Endpoint<typeof claudeHookBody, Record<string, never>>): BodySpec<typeof claudeHookBody> {
  return endpointBody(ingest, endpoint, [ingestJson]);
}
