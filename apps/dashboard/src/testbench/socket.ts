import type { ClientToServerEvents, ServerToClientEvents } from '@amiga/protocol';
import type { Socket } from 'socket.io-client';
import { FrameSizes } from '../lib/frame-event';
import { logEntry, useBench } from './store';

/** The test page's one Socket.IO client (replaced when the namespace changes). */
export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: BenchSocket | null = null;

export const getSocket = (): BenchSocket | null => socket;

export function setSocket(next: BenchSocket | null): void {
  socket = next;
}

/** Sizes of the update frames received, handed to their handlers (full snapshot vs delta). */
export const updateSizes = new FrameSizes(['metrics_update', 'metrics_delta']);

/** One more message sent, and its log line. */
export function countOut(event: string, detail = ''): void {
  useBench.setState((st) => ({ messagesOut: st.messagesOut + 1 }));
  logEntry('out', event, detail);
}

/** Emits an event when connected (logged and counted); says so in the log otherwise. Returns whether it was sent. */
export function send<K extends keyof ClientToServerEvents>(event: K, ...args: Parameters<ClientToServerEvents[K]>): boolean {
  if (!socket?.connected) {
    logEntry('sys', 'not connected', `${event} not sent`);
    return false;
  }
  socket.emit(event, ...args);
  countOut(event, args[0] === undefined ? '' : JSON.stringify(args[0]));
  return true;
}
