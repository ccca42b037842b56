import { API_PATHS, statusLineBody, statusLineQuery } from '@amiga/protocol';
import { describeIssues } from '../errors/describe-issues.js';
import type { LimitsService } from '../limits/limits-service.js';
import { sendError } from './errors.js';
import { ingestJson } from './ingest-routes.js';
import { route, type Route } from './route.js';
import { sendUnavailable } from './unavailable.js';

/**
 * `POST /api/statusline/claude-code`: the JSON Claude Code gives its status-line command, as it is
 * (`amiga-monitor statusline` posts it). Records the rate-limit windows when present and the session's
 * figures, for `?machine=` (default `unknown`). 200 `{session, limits}` once committed; 400 for a body
 * that is not such an object; 503 with `Retry-After` while the store cannot write. Ingest access.
 */
export function statusLineRoute(limits: LimitsService): Route {
  return route({
    method: 'post',
    path: API_PATHS.statuslineClaudeCode,
    access: 'ingest',
    query: statusLineQuery,
    body: {
      schema: statusLineBody,
      parse: [ingestJson],
      invalid: (req, res, error) => sendError(res, 400, req.body === undefined ? 'expected a JSON body' : describeIssues(error)),
    },
    handler: async (_req, res, { query, body }) => {
      const outcome = await limits.acceptStatusLine(body, query.machine ?? 'unknown');
      if (outcome.status === 'stored') return void res.status(200).json(outcome.value);
      if (outcome.status === 'unavailable') return sendUnavailable(res, outcome.retryAfterSeconds);
      sendError(res, 400, outcome.message);
    },
  });
}
