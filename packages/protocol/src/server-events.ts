import { z } from 'zod';
import { unixSeconds } from './common.js';
import { metricsSnapshot } from './snapshot.js';

export const connectedPayload = z.object({ status: z.literal('connected'), client_id: z.string() });
export const subscriptionConfig = z.object({
  hours: z.number().int(),
  update_interval: z.number().int(),
});
export type SubscriptionConfig = z.infer<typeof subscriptionConfig>;
export const subscribedPayload = z.object({ status: z.literal('subscribed'), config: subscriptionConfig });
export const unsubscribedPayload = z.object({ status: z.literal('unsubscribed') });
export const intervalUpdatedPayload = z.object({ interval: z.number().int() });
export const errorPayload = z.object({ error: z.string(), timestamp: unixSeconds });
export type ErrorPayload = z.infer<typeof errorPayload>;

/** Every server-to-client event and the schema of its payload. */
export const serverEventSchemas = {
  connected: connectedPayload,
  subscribed: subscribedPayload,
  unsubscribed: unsubscribedPayload,
  interval_updated: intervalUpdatedPayload,
  metrics_update: metricsSnapshot,
  error: errorPayload,
} as const;
export type ServerEventName = keyof typeof serverEventSchemas;
