import type { Delivery } from '../../store/alert-store.js';
import type { AlertFacts } from '../facts.js';
import { plainText, type MessageParts } from '../message.js';
import { classify, postJson, type SendResult } from './http.js';

/** The JSON body a webhook receives: the alert's fields, and the message as text. */
export function webhookBody(d: Pick<Delivery, 'id' | 'notice' | 'createdAt'>, facts: AlertFacts, p: MessageParts): Record<string, unknown> {
  return {
    id: d.id,
    notice: d.notice,
    rule: facts.rule,
    condition: facts.condition,
    title: facts.title,
    details: Object.fromEntries(facts.details ?? []),
    data: facts.data ?? {},
    link: facts.link,
    created_at: d.createdAt,
    text: plainText(p),
  };
}

/** `POST url` with the body above and the channel's headers; `Idempotency-Key` names the delivery, so a receiver can drop a repeat. */
export async function sendWebhook(url: string, headers: Record<string, string>, body: Record<string, unknown>, timeoutMs: number): Promise<SendResult> {
  return classify(await postJson(url, body, { timeoutMs, headers: { 'idempotency-key': `amiga-alert-${String(body.id)}`, ...headers } }));
}
