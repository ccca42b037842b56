import { normalScope, subscribeTopicsPayload, unsubscribeTopicsPayload, type Topic } from '@amiga/protocol';
import type { Channel } from '../broadcaster/subscriber.js';
import { effectiveHours, effectiveInterval } from '../metrics/window.js';
import type { GatewayDeps } from './handlers.js';
import { safeHandler } from './safe-handler.js';
import type { MonitorSocket } from './types.js';

/** The broadcaster's id of a socket's topic subscription (beside its snapshot subscription, if any). */
export const topicSubscriberId = (socket: MonitorSocket): string => `${socket.id}/topics`;

/**
 * Room of a topic. Membership is what the cluster sees (`fetchSockets` on any node
 * lists who takes a topic); the updates themselves are computed and sent by each
 * node for its own clients, since clients of one topic may watch different windows.
 */
export const topicRoom = (topic: Topic): string => `topic:${topic}`;

/** `subscribe_topics` / `unsubscribe_topics`: per-topic updates, each only when its section changed. */
export function registerTopicHandlers(socket: MonitorSocket, channel: Channel, { broadcaster, logger }: GatewayDeps): void {
  const id = topicSubscriberId(socket);

  socket.on(
    'subscribe_topics',
    safeHandler(socket, 'subscribe_topics', subscribeTopicsPayload, logger, async (payload) => {
      const hours = effectiveHours(payload.hours);
      const interval = effectiveInterval(payload.update_interval);
      const scope = normalScope(payload);
      const requested = [...new Set(payload.topics)];
      await socket.join(requested.map(topicRoom));
      // Topics add up on one window (hours and filter); moving to another window keeps only the topics asked for now.
      const held = broadcaster.topicsOf(id, hours, scope);
      for (const t of broadcaster.topicsOf(id)) if (!held.has(t) && !requested.includes(t)) await socket.leave(topicRoom(t));
      const topics = [...new Set([...held, ...requested])];
      socket.emit('topics', { topics, config: { hours, update_interval: interval, ...scope } });
      await broadcaster.subscribeTopics(id, socket.id, channel, hours, interval, topics, scope);
    }),
  );

  socket.on(
    'unsubscribe_topics',
    safeHandler(socket, 'unsubscribe_topics', unsubscribeTopicsPayload, logger, async (payload) => {
      const before = broadcaster.topicsOf(id);
      const left = broadcaster.unsubscribeTopics(id, payload?.topics);
      for (const t of before) if (!left.includes(t)) await socket.leave(topicRoom(t));
      socket.emit('topics', { topics: left });
    }),
  );
}
