import type { MessageParts } from '../message.js';
import { classify, jsonNumber, postJson, type SendResult } from './http.js';

/** Characters MarkdownV2 reserves outside entities (Bot API "MarkdownV2 style"): each is sent as `\c`. */
const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g;

/** Text as MarkdownV2 shows it literally. */
export const escapeMarkdownV2 = (text: string): string => text.replace(RESERVED, (c) => `\\${c}`);

/** A URL inside an inline link's `(...)`: there, `)` and `\` are escaped. */
export const escapeLinkUrl = (url: string): string => url.replace(/[)\\]/g, (c) => `\\${c}`);

/** The message in MarkdownV2: the heading bold, the labels italic, the link as an inline link. */
export function telegramText(p: MessageParts): string {
  const lines = [`*${escapeMarkdownV2(p.heading)}*`, ...p.lines.map(([l, v]) => `_${escapeMarkdownV2(l)}:_ ${escapeMarkdownV2(v)}`)];
  if (p.link) lines.push(`[Open the dashboard](${escapeLinkUrl(p.link)})`);
  if (p.rule) lines.push(escapeMarkdownV2(`rule: ${p.rule}`));
  return lines.join('\n');
}

export interface TelegramChannel {
  bot_token: string;
  chat_id: string;
  api_url: string;
  message_thread_id?: number | undefined;
}

/** Bot API `sendMessage`: `POST {api_url}/bot{token}/sendMessage`. A 429 carries `parameters.retry_after` (seconds). */
export async function sendTelegram(c: TelegramChannel, p: MessageParts, timeoutMs: number): Promise<SendResult> {
  const url = `${c.api_url.replace(/\/+$/, '')}/bot${c.bot_token}/sendMessage`;
  const body = {
    chat_id: c.chat_id,
    text: telegramText(p),
    parse_mode: 'MarkdownV2',
    link_preview_options: { is_disabled: true },
    ...(c.message_thread_id === undefined ? {} : { message_thread_id: c.message_thread_id }),
  };
  const result = classify(await postJson(url, body, { timeoutMs }), (text) => jsonNumber(text, ['parameters', 'retry_after']));
  // The token is part of the URL: never let it reach an error text.
  return result.ok ? result : { ...result, error: result.error.replaceAll(c.bot_token, '<bot_token>') };
}
