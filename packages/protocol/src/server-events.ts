import { z } from 'zod';
import { unixSeconds } from './common.js';
import { metricsDelta } from './delta.js';
import { activityItem, metricsSnapshot, taskStatus } from './snapshot.js';
import { sessionStatePayload } from './live.js';
import { topicsPayload, topicUpdatePayload } from './topics.js';

export const connectedPayload = z.object({ status: z.literal('connected'), client_id: z.string() });
export const subscriptionConfig = z.object({
  hours: z.number().int(),
  update_interval: z.number().int(),
  /** Present (true) only when the client asked for deltas. */
  delta: z.literal(true).optional(),
  /** Present only when the client asked for a filter: the agent and/or machine the window keeps. */
  agent: z.string().optional(),
  machine: z.string().optional(),
});
export type SubscriptionConfig = z.infer<typeof subscriptionConfig>;
export const subscribedPayload = z.object({ status: z.literal('subscribed'), config: subscriptionConfig });
export const unsubscribedPayload = z.object({ status: z.literal('unsubscribed') });
export const intervalUpdatedPayload = z.object({ interval: z.number().int() });
export const errorPayload = z.object({ error: z.string(), timestamp: unixSeconds });
export type ErrorPayload = z.infer<typeof errorPayload>;

/** A task changed (sent to the `tasks` room at once, not rate-limited: these are events, not snapshots). */
export const taskUpdatePayload = z.object({
  id: z.string(),
  status: taskStatus,
  description: z.string().nullable(),
  model: z.string().nullable(),
  cost_usd: z.number().nullable(),
  timestamp: unixSeconds,
});
export type TaskUpdate = z.infer<typeof taskUpdatePayload>;
/** A new line of the activity feed (sent to the `activity` room at once). */
export const activityEventPayload = activityItem;
/** Answer to joining or leaving a room. */
export const roomPayloadAnswer = z.object({ room: z.enum(['tasks', 'activity', 'sessions']), joined: z.boolean() });

/** The acknowledgement of `probe`. */
export const probeAnswer = z.object({
  timestamp: unixSeconds,
  /** Round trip of the server's last Socket.IO ping to this client, in ms (null before the first one). */
  heartbeat_rtt_ms: z.number().nonnegative().nullable(),
});
export type ProbeAnswer = z.infer<typeof probeAnswer>;

/** Every server-to-client event and the schema of its payload. */
export const serverEventSchemas = {
  connected: connectedPayload,
  subscribed: subscribedPayload,
  unsubscribed: unsubscribedPayload,
  interval_updated: intervalUpdatedPayload,
  metrics_update: metricsSnapshot,
  error: errorPayload,
  task_update: taskUpdatePayload,
  activity_event: activityEventPayload,
  room: roomPayloadAnswer,
  metrics_delta: metricsDelta,
  /** One topic's data, for clients that subscribed to topics. */
  topic_update: topicUpdatePayload,
  /** A live session's state changed (sent to the `sessions` room at once). */
  session_state: sessionStatePayload,
  /** Answer to `subscribe_topics` / `unsubscribe_topics`. */
  topics: topicsPayload,
} as const;
export type ServerEventName = keyof typeof serverEventSchemas;
