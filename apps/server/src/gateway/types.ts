import type { ClientToServerEvents, Scope, ServerToClientEvents } from '@amiga/protocol';
import type { Namespace, Server, Socket } from 'socket.io';

/** What the gateway keeps per connected client; it lives and dies with the socket. */
export interface SocketData {
  /** The node holding the connection (seen by other nodes through fetchSockets). */
  node: string;
  hours: number;
  /** The filter of its subscription (one agent and/or one machine), if any. */
  scope?: Scope;
  updateInterval: number;
  /** Subscribed with `delta: true`. */
  delta: boolean;
  /** Round trip of the last Socket.IO ping, in ms (set by heartbeat monitoring). */
  heartbeatRttMs?: number;
  /** The client's address (security/client-address.ts: X-Forwarded-For under MONITORING_TRUST_PROXY). */
  address?: string;
}

export type MonitorServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MonitorSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type MonitorNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
