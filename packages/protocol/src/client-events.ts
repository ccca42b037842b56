import { z } from 'zod';
import { clientNumber } from './common.js';
import { historyRequest } from './history.js';
import { scopeFields } from './scope.js';
import { subscribeTopicsPayload, unsubscribeTopicsPayload } from './topics.js';

/**
 * Payloads a client sends. Each accepts `undefined`/`null` where the v1 contract made the
 * payload optional; unknown keys are ignored so newer clients keep working.
 */
export const subscribePayload = z
  .object({
    /** Window in hours, clamped to 1..168; default 24. */
    hours: clientNumber.optional(),
    /** Seconds between updates at most, clamped to 1..60; default 2. */
    update_interval: clientNumber.optional(),
    /** Opt in to deltas: a full snapshot with a `seq`, then `metrics_delta`s against the snapshot held. */
    delta: z.boolean({ message: 'must be true or false' }).optional(),
    ...scopeFields,
  })
  .nullish();
export type SubscribePayload = z.infer<typeof subscribePayload>;

export const unsubscribePayload = z.unknown();

export const requestRefreshPayload = z
  .object({
    /** Window in hours for this one refresh; defaults to the client's window. */
    hours: clientNumber.optional(),
  })
  .nullish();
export type RequestRefreshPayload = z.infer<typeof requestRefreshPayload>;

export const setIntervalPayload = z.object(
  {
    /** New update interval in seconds, clamped to 1..60. */
    interval: clientNumber,
  },
  { message: 'expected an object like {interval: 5}' },
);
export type SetIntervalPayload = z.infer<typeof setIntervalPayload>;

/** Every client-to-server event and the schema of its (single) argument. */
/** `subscribe_tasks` / `unsubscribe_tasks` / `subscribe_activity` / `unsubscribe_activity` take no payload. */
export const roomPayload = z.unknown();

export const clientEventSchemas = {
  subscribe: subscribePayload,
  unsubscribe: unsubscribePayload,
  request_refresh: requestRefreshPayload,
  set_interval: setIntervalPayload,
  /** Join the `tasks` room: every task change arrives at once as `task_update`. */
  subscribe_tasks: roomPayload,
  unsubscribe_tasks: roomPayload,
  /** Join the `activity` room: every activity line arrives at once as `activity_event`. */
  subscribe_activity: roomPayload,
  unsubscribe_activity: roomPayload,
  /** Join the `sessions` room: every live session state change arrives at once as `session_state`. */
  subscribe_sessions: roomPayload,
  unsubscribe_sessions: roomPayload,
  /** Stream the series between two times in `history_chunk`s, each acknowledged by the client. */
  request_history: historyRequest,
  /** Receive `topic_update`s for the named topics only, each only when its data changed. */
  subscribe_topics: subscribeTopicsPayload,
  /** An acknowledged probe: the ack carries the server's time and its last measured heartbeat round trip to this client. */
  probe: z.unknown(),
  unsubscribe_topics: unsubscribeTopicsPayload,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;
