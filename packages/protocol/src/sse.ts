/** The SSE event name used for snapshots on `GET /api/stream/metrics` (sent as the default `message` event, as the original Flask-SocketIO monitor's stream did). */
export const SSE_SNAPSHOT_EVENT = 'message';
/** Seconds between SSE heartbeat comments. */
export const SSE_HEARTBEAT_SECONDS = 15;
/** The reconnection delay the server suggests to EventSource clients, in milliseconds. */
export const SSE_RETRY_MS = 2_000;
