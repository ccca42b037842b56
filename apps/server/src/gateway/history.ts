import { HISTORY_CHUNK_POINTS, historyRequest, type HistoryChunk } from '@amiga/protocol';
import type { Logger } from '../logging/logger.js';
import { readHistory } from '../metrics/history.js';
import type { Store } from '../store/store.js';
import { emitError, safeHandler } from './safe-handler.js';
import type { MonitorSocket } from './types.js';

/** How long the server waits for a chunk's acknowledgement before giving up on a history. */
const ACK_TIMEOUT_MS = 30_000;
let counter = 0;

/**
 * `request_history`: streams the series in `history_chunk`s of at most
 * HISTORY_CHUNK_POINTS points, sending the next only once the client has
 * acknowledged the last, so a slow reader never makes the server buffer a whole
 * history. One history at a time per client.
 */
export function registerHistoryHandler(socket: MonitorSocket, store: Store, logger: Logger): void {
  let streaming = false;
  socket.on(
    'request_history',
    safeHandler(socket, 'request_history', historyRequest, logger, async (request) => {
      if (streaming) return emitError(socket, 'request_history: a history is already streaming to this client');
      streaming = true;
      try {
        const requestId = request.request_id ?? `h${++counter}`;
        const { points } = await readHistory(store, request);
        for (let seq = 0, i = 0; seq === 0 || i < points.length; seq++, i += HISTORY_CHUNK_POINTS) {
          if (!socket.connected) return;
          const chunk: HistoryChunk = {
            request_id: requestId,
            seq,
            points: points.slice(i, i + HISTORY_CHUNK_POINTS),
            done: i + HISTORY_CHUNK_POINTS >= points.length,
          };
          try {
            await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('history_chunk', chunk);
          } catch {
            logger.debug({ client: socket.id, requestId, seq }, 'history chunk not acknowledged: stopping');
            return;
          }
        }
      } finally {
        streaming = false;
      }
    }),
  );
}
