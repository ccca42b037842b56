import type { ConnectedClient } from '@amiga/protocol';
import type { MonitorNamespace } from './types.js';

/**
 * Every client of the metrics namespaces on every node: `fetchSockets` goes through
 * the cluster adapter (with the in-memory adapter, this node only). Nodes that do not
 * answer within `timeoutMs` are left out.
 */
export async function fetchClusterClients(namespaces: readonly MonitorNamespace[], timeoutMs: number): Promise<ConnectedClient[]> {
  const lists = await Promise.all(
    namespaces.map(async (nsp) =>
      (await nsp.timeout(timeoutMs).fetchSockets()).map(
        (s): ConnectedClient => ({
          id: s.id,
          node: s.data.node,
          namespace: nsp.name,
          rooms: [...s.rooms].filter((room) => room !== s.id),
          hours: s.data.hours,
          update_interval: s.data.updateInterval,
          delta: s.data.delta,
          ...(s.data.address ? { address: s.data.address } : {}),
        }),
      ),
    ),
  );
  return lists.flat();
}
