import type { MonitorNamespace } from './types.js';

/**
 * Connected Socket.IO clients by transport (`websocket`, `polling`) over the given
 * namespaces of every engine (the JSON and the MessagePack path, `/` and `/metrics`).
 * A connection counts once, however many of the namespaces it joined.
 */
export function clientsByTransport(namespaces: readonly MonitorNamespace[]): Record<string, number> {
  const counts: Record<string, number> = { websocket: 0, polling: 0 };
  const seen = new Set<object>();
  for (const nsp of namespaces) {
    for (const socket of nsp.sockets.values()) {
      if (seen.has(socket.conn)) continue;
      seen.add(socket.conn);
      const name = socket.conn.transport.name;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  return counts;
}
