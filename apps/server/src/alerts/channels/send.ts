import type { Delivery } from '../../store/alert-store.js';
import type { AlertFacts } from '../facts.js';
import { messageParts } from '../message.js';
import type { Channel } from '../rules-schema.js';
import { sendDiscord } from './discord.js';
import type { SendResult } from './http.js';
import { sendSlack } from './slack.js';
import { sendTelegram } from './telegram.js';
import { sendWebhook, webhookBody } from './webhook.js';

/** Sends one delivery through its channel, rendered as that channel reads it. */
export function sendDelivery(channel: Channel, d: Delivery, timeoutMs: number): Promise<SendResult> {
  const facts = d.alert as unknown as AlertFacts;
  const parts = messageParts(d.notice, facts);
  switch (channel.type) {
    case 'telegram':
      return sendTelegram(channel, parts, timeoutMs);
    case 'slack':
      return sendSlack(channel.url, parts, timeoutMs);
    case 'discord':
      return sendDiscord(channel.url, parts, timeoutMs);
    case 'webhook':
      return sendWebhook(channel.url, channel.headers, webhookBody(d, facts, parts), timeoutMs);
  }
}
