import { z } from 'zod';

/** One connected Socket.IO client, on any node of the cluster. */
export const connectedClient = z.object({
  id: z.string(),
  /** The node holding the connection (MONITORING_NODE_ID). */
  node: z.string(),
  namespace: z.string(),
  /** Rooms joined besides its own: `tasks`, `activity`, `topic:<name>`. */
  rooms: z.array(z.string()),
  hours: z.number().int(),
  update_interval: z.number().int(),
  delta: z.boolean(),
  /** The client's address (X-Forwarded-For when the server trusts its proxy: MONITORING_TRUST_PROXY). Additive. */
  address: z.string().optional(),
});
export type ConnectedClient = z.infer<typeof connectedClient>;

/** Most clients `GET /api/clients` lists. */
export const CLIENTS_LIST_LIMIT = 1_000;

/** `GET /api/clients`: the clients of every node (through the cluster adapter), newest nodes' answers included. */
export const clientsList = z.object({
  /** The node that answered. */
  node: z.string(),
  total: z.number().int().nonnegative(),
  /** Clients per node. */
  by_node: z.record(z.string(), z.number().int().nonnegative()),
  /** At most CLIENTS_LIST_LIMIT of them. */
  clients: z.array(connectedClient),
});
export type ClientsList = z.infer<typeof clientsList>;
