import { CLIENTS_LIST_LIMIT, type ClientsList, type ConnectedClient } from '@amiga/protocol';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/** How long the other nodes have to answer (a node that does not is left out of the list). */
const FETCH_TIMEOUT_MS = 2_000;

export interface ClientsSource {
  node: string;
  /** Every client of the cluster, from each namespace (socket.io's fetchSockets, which asks every node). */
  fetch(timeoutMs: number): Promise<ConnectedClient[]>;
}

/** `GET /api/clients`: who is connected, on which node, to what (the admin view of a cluster). */
export function clientsHandler(source: ClientsSource): Handler {
  return async (_req, res) => {
    let all: ConnectedClient[];
    try {
      all = await source.fetch(FETCH_TIMEOUT_MS);
    } catch {
      return sendError(res, 503, 'the cluster did not answer in time; retry');
    }
    const byNode: Record<string, number> = {};
    for (const c of all) byNode[c.node] = (byNode[c.node] ?? 0) + 1;
    const body: ClientsList = { node: source.node, total: all.length, by_node: byNode, clients: all.slice(0, CLIENTS_LIST_LIMIT) };
    res.json(body);
  };
}
