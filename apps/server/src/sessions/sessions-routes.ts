import type { SessionPage, SessionQuery, SessionsList, SessionsQuery } from '@amiga/protocol';
import { sendError } from '../http/errors.js';
import type { Handler } from '../http/route.js';
import type { EventAfter } from '../store/session-reads.js';
import type { Store } from '../store/store.js';
import { eventCursor, listCursor, readEventCursor, readListCursor } from './cursor.js';

/**
 * `GET /api/sessions`: sessions under the filters with their totals, sorted (`sort`, `order`),
 * `limit` per page, keyset-paged by `cursor` (a previous answer's `next_cursor`).
 */
export function sessionsHandler(store: Store): Handler<SessionsQuery> {
  return async (_req, res, { query }) => {
    if (!store.listSessions) return sendError(res, 501, 'this store cannot list sessions');
    const { cursor, ...filters } = query;
    let after;
    if (cursor !== undefined) {
      after = readListCursor(cursor, query.sort, query.order);
      if ('error' in after) return sendError(res, 400, after.error);
    }
    const page = await store.listSessions(after ? { ...filters, after } : filters);
    const body: SessionsList = { sessions: page.sessions, next_cursor: page.next && listCursor(query.sort, query.order, page.next) };
    res.json(body);
  };
}

/** `GET /api/sessions/:id`: one session's totals, requests, tools, errors and timeline; 404 for an unknown id. */
export function sessionHandler(store: Store): Handler<SessionQuery> {
  return async (req, res, { query }) => {
    if (!store.readSession) return sendError(res, 501, 'this store cannot read sessions');
    const id = req.params.id;
    if (typeof id !== 'string' || id === '' || id.length > 512) return sendError(res, 400, 'id: must be a session id (1-512 characters)');
    const positions: { requestsAfter?: EventAfter; toolsAfter?: EventAfter } = {};
    for (const [name, field] of [['requests_cursor', 'requestsAfter'], ['tools_cursor', 'toolsAfter']] as const) {
      const text = query[name];
      if (text === undefined) continue;
      const after = readEventCursor(text);
      if (!after) return sendError(res, 400, `${name}: must be a next_${name.replace('_cursor', '')}_cursor of a previous answer`);
      positions[field] = after;
    }
    const read = await store.readSession({ id, limit: query.limit, ...positions });
    if (!read) return sendError(res, 404, `no session ${JSON.stringify(id)}`);
    const body: SessionPage = {
      ...read.page,
      next_requests_cursor: read.nextRequests && eventCursor(read.nextRequests),
      next_tools_cursor: read.nextTools && eventCursor(read.nextTools),
    };
    res.json(body);
  };
}
