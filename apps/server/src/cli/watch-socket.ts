import type { ClientToServerEvents, ServerToClientEvents } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { byteLength, connectedLine, errorLine, subscribedLine, updateLine, type Say } from './watch-lines.js';
import type { WatchOptions, Watcher } from './watch.js';

/** A Socket.IO watcher (websocket or long-polling only): connects, subscribes, and again after each reconnect. */
export function watchSocket(o: WatchOptions, say: Say, done: (code: number, why?: string) => void): Watcher {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(o.url, {
    transports: [o.transport as 'websocket' | 'polling'],
    auth: o.token ? { token: o.token } : {},
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    timeout: Math.max(1_000, o.timeoutMs),
  });
  let subscribed = false;
  let updates = 0;
  socket.on('connected', (payload) => {
    say(connectedLine(payload, socket.io.engine?.transport.name ?? o.transport));
    socket.emit('subscribe', { hours: o.hours, update_interval: o.interval });
  });
  socket.on('subscribed', (payload) => {
    const { ok, line } = subscribedLine(payload);
    say(line);
    if (ok) subscribed = true;
  });
  socket.on('metrics_update', (payload) => {
    say(updateLine(payload, byteLength(payload)));
    updates += 1;
    if (o.count !== undefined && updates >= o.count) done(0);
  });
  socket.on('error', (payload) => say(errorLine(payload)));
  socket.on('connect_error', (err) => {
    // A refusal by the server's middleware (a bad token) will not change on retry.
    if (!socket.active) return done(1, `cannot connect to ${o.url}: ${err.message}`);
    if (!subscribed) say(`connect_error ${err.message} (retrying)`);
  });
  socket.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') say(`disconnected ${reason}`);
  });
  socket.io.on('reconnect_attempt', (n) => say(`reconnecting attempt=${n}`));
  socket.io.on('reconnect', (n) => say(`reconnected after ${n} attempt(s)`));
  return {
    get subscribed() {
      return subscribed;
    },
    close: () => void socket.disconnect(),
  };
}
