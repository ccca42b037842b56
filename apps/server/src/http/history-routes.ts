import type { HistoryRequest } from '@amiga/protocol';
import { readHistory } from '../metrics/history.js';
import type { Store } from '../store/store.js';
import type { Handler } from './route.js';

/** `GET /api/metrics/history?from&to&bucket` (`historyQuery`): the same series as `request_history`, as one JSON body. */
export function historyHandler(store: Store): Handler<HistoryRequest> {
  return async (_req, res, { query }) => {
    res.json(await readHistory(store, query));
  };
}
