import type { Socket } from 'socket.io';

/** Bytes a socket may have queued in user space before it counts as not reading (default of `isBehind`). */
export const BEHIND_BYTES = 64 * 1024;

/** What a Socket.IO connection has accepted but not yet handed to the kernel. */
export interface Backlog {
  /** Packets engine.io holds because its transport is still busy with an earlier write (or, polling, no request is open). */
  packets: number;
  /** Bytes the WebSocket has queued beyond what the kernel took (0 for polling). */
  bytes: number;
}

/**
 * The only place that reads engine.io and ws internals (neither exposes a connection's
 * backlog): engine.io's `Socket#writeBuffer` (private in its types) and the WebSocket
 * transport's `socket` (the `ws` connection, whose `bufferedAmount` is public).
 * `src/gateway/backpressure.test.ts` checks both against real sockets, so an upgrade
 * that moves them fails there rather than silently turning off the slow-consumer check.
 */
interface EngineInternals {
  writeBuffer?: unknown;
  transport?: { name?: string; socket?: { bufferedAmount?: unknown } };
}

/** The connection's backlog; undefined if its internals are not where this adapter expects them. */
export function backlogOf(socket: Pick<Socket, 'conn'>): Backlog | undefined {
  const conn = socket.conn as unknown as EngineInternals;
  if (!Array.isArray(conn.writeBuffer)) return undefined;
  const transport = conn.transport;
  if (transport?.name !== 'websocket') return { packets: conn.writeBuffer.length, bytes: 0 };
  const bytes = transport.socket?.bufferedAmount;
  return typeof bytes === 'number' ? { packets: conn.writeBuffer.length, bytes } : undefined;
}

/**
 * Whether a socket has not written out what it was sent: engine.io holds packets for it,
 * or more than `limitBytes` wait in user space. A socket whose backlog cannot be read
 * counts as reading (it is never held back by mistake).
 */
export function isBehind(socket: Pick<Socket, 'conn'>, limitBytes = BEHIND_BYTES): boolean {
  const backlog = backlogOf(socket);
  return !!backlog && (backlog.packets > 0 || backlog.bytes > limitBytes);
}
