import type { MonitorSocket } from './types.js';

export interface HeartbeatObserver {
  /** A client answered a ping after `seconds`. */
  roundTrip(seconds: number): void;
  /** A client stopped answering and was dropped. */
  dropped(): void;
}

interface EngineConn {
  on(event: 'packetCreate', listener: (packet: { type: string }) => void): void;
  on(event: 'heartbeat', listener: () => void): void;
}

/**
 * Heartbeat monitoring on Socket.IO's own ping/pong: the time from each ping the
 * engine sends to the pong it gets back is one round trip. A client that stops
 * answering is dropped by the engine (`ping timeout`) and counted.
 */
export function watchHeartbeat(socket: MonitorSocket, observer: HeartbeatObserver): void {
  const conn = socket.conn as unknown as EngineConn;
  let pingAt: number | undefined;
  conn.on('packetCreate', (packet) => {
    if (packet.type === 'ping') pingAt = performance.now();
  });
  conn.on('heartbeat', () => {
    if (pingAt === undefined) return;
    const ms = performance.now() - pingAt;
    socket.data.heartbeatRttMs = ms;
    observer.roundTrip(ms / 1000);
    pingAt = undefined;
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'ping timeout') observer.dropped();
  });
}
