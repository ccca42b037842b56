import {
  clamp,
  normalScope,
  HOURS_MAX,
  HOURS_MIN,
  type ProbeAnswer,
  INTERVAL_DEFAULT,
  requestRefreshPayload,
  roomPayload,
  setIntervalPayload,
  subscribePayload,
  unsubscribePayload,
} from '@amiga/protocol';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import { targetOf, type Channel, type Subscriber } from '../broadcaster/subscriber.js';
import type { Logger } from '../logging/logger.js';
import { effectiveHours, effectiveInterval } from '../metrics/window.js';
import { isBehind } from './backpressure.js';
import { emitError, safeHandler } from './safe-handler.js';
import { registerTopicHandlers, topicSubscriberId } from './topics.js';
import type { MonitorNamespace, MonitorSocket } from './types.js';

export interface GatewayDeps {
  broadcaster: Broadcaster;
  logger: Logger;
  /** This node's id (MONITORING_NODE_ID). */
  node?: string;
}


/**
 * Delivers a frame to many sockets of a namespace with one broadcast, so socket.io
 * encodes the packet once. Always to this node's sockets only (`local`): every node
 * computes the snapshots of its own clients, so nothing of this goes through a
 * cluster adapter, and the cluster's traffic does not grow with the number of clients.
 */
export function socketChannel(nsp: MonitorNamespace, onDelivered?: (bytes: number) => void): Channel {
  const to = (subscribers: readonly Subscriber[]) => nsp.local.to(subscribers.map(targetOf));
  return {
    deliver(subscribers, frame) {
      to(subscribers).emit('metrics_update', frame.snapshot);
      onDelivered?.(frame.jsonBytes * subscribers.length);
    },
    deliverWithSeq(subscribers, frame) {
      to(subscribers).emit('metrics_update', frame.withSeq);
      onDelivered?.(frame.jsonBytes * subscribers.length);
    },
    deliverDelta(subscribers, frame, base) {
      to(subscribers).emit('metrics_delta', frame.deltaFrom(base));
    },
    deliverTopic(subscribers, frame, topic) {
      to(subscribers).emit('topic_update', frame.topic(topic).update);
    },
    isBehind(sub) {
      const socket = nsp.sockets.get(targetOf(sub));
      return !!socket && isBehind(socket);
    },
    evict(sub) {
      nsp.sockets.get(targetOf(sub))?.disconnect(true);
    },
  };
}

/** Registers the v1 contract's events (those of the original Flask-SocketIO monitor, plus the additive ones) on a newly connected socket. */
export function registerMetricsHandlers(socket: MonitorSocket, channel: Channel, { broadcaster, logger, node = 'local' }: GatewayDeps): void {
  socket.data = { node, hours: effectiveHours(undefined), updateInterval: INTERVAL_DEFAULT, delta: false };
  logger.debug({ client: socket.id }, 'client connected');
  socket.emit('connected', { status: 'connected', client_id: socket.id });

  socket.on(
    'subscribe',
    safeHandler(socket, 'subscribe', subscribePayload, logger, async (payload) => {
      const hours = effectiveHours(payload?.hours);
      const interval = effectiveInterval(payload?.update_interval);
      const delta = payload?.delta === true;
      const scope = normalScope(payload);
      socket.data.hours = hours;
      socket.data.scope = scope;
      socket.data.updateInterval = interval;
      socket.data.delta = delta;
      socket.emit('subscribed', { status: 'subscribed', config: { hours, update_interval: interval, ...(delta ? { delta } : {}), ...scope } });
      await broadcaster.subscribe(socket.id, channel, hours, interval, delta, scope);
    }),
  );

  socket.on(
    'unsubscribe',
    safeHandler(socket, 'unsubscribe', unsubscribePayload, logger, () => {
      broadcaster.unsubscribe(socket.id);
      socket.emit('unsubscribed', { status: 'unsubscribed' });
    }),
  );

  socket.on(
    'request_refresh',
    safeHandler(socket, 'request_refresh', requestRefreshPayload, logger, async (payload) => {
      const hours = payload?.hours === undefined ? socket.data.hours : clamp(payload.hours, HOURS_MIN, HOURS_MAX);
      // A refresh is of the client's own filter (request_refresh names only hours).
      const frame = await broadcaster.current(hours, socket.id, socket.data.scope);
      // A client taking deltas gets the seq its next delta builds on, but only for its own window:
      // a one-off look at another window must not replace the base its deltas build on.
      const base = socket.data.delta && hours === socket.data.hours;
      if (socket.connected) socket.emit('metrics_update', base ? frame.withSeq : frame.snapshot);
    }),
  );

  socket.on(
    'set_interval',
    safeHandler(socket, 'set_interval', setIntervalPayload, logger, ({ interval }) => {
      const effective = effectiveInterval(interval);
      socket.data.updateInterval = effective;
      broadcaster.setInterval(socket.id, effective);
      socket.emit('interval_updated', { interval: effective });
    }),
  );

  for (const room of ['tasks', 'activity', 'sessions'] as const) {
    socket.on(
      `subscribe_${room}`,
      safeHandler(socket, `subscribe_${room}`, roomPayload, logger, async () => {
        await socket.join(room);
        socket.emit('room', { room, joined: true });
      }),
    );
    socket.on(
      `unsubscribe_${room}`,
      safeHandler(socket, `unsubscribe_${room}`, roomPayload, logger, async () => {
        await socket.leave(room);
        socket.emit('room', { room, joined: false });
      }),
    );
  }

  registerTopicHandlers(socket, channel, { broadcaster, logger });

  // `probe` answers in its acknowledgement; without one there is nobody to answer.
  socket.on('probe', (...args: unknown[]) => {
    const ack = args.find((a): a is (answer: ProbeAnswer) => void => typeof a === 'function');
    if (!ack) {
      emitError(socket, 'probe needs an acknowledgement callback: socket.emit("probe", (answer) => …)');
      return;
    }
    ack({ timestamp: Date.now() / 1000, heartbeat_rtt_ms: socket.data.heartbeatRttMs ?? null });
  });

  socket.on('disconnect', (reason) => {
    broadcaster.unsubscribe(socket.id);
    broadcaster.unsubscribe(topicSubscriberId(socket));
    logger.debug({ client: socket.id, reason }, 'client disconnected');
  });
}
