import type { MessageParts } from '../message.js';
import { classify, jsonNumber, postJson, type SendResult } from './http.js';

/** Discord's message content limit. */
export const DISCORD_MAX = 2000;

/** Markdown Discord interprets (emphasis, code, spoilers, quotes, headings, lists, masked links): each escaped with `\`. */
export const escapeDiscord = (text: string): string => text.replace(/[\\*_~`|>#\-[\]()]/g, (c) => `\\${c}`);

/** The message in Discord markdown: the heading bold, the link as a masked link. */
export function discordText(p: MessageParts): string {
  const lines = [`**${escapeDiscord(p.heading)}**`, ...p.lines.map(([l, v]) => `${escapeDiscord(l)}: ${escapeDiscord(v)}`)];
  if (p.link) lines.push(`[Open the dashboard](<${p.link.replace(/[<>)]/g, encodeURIComponent)}>)`);
  if (p.rule) lines.push(`-# ${escapeDiscord(`rule: ${p.rule}`)}`);
  const text = lines.join('\n');
  return text.length > DISCORD_MAX ? `${text.slice(0, DISCORD_MAX - 1)}…` : text;
}

/** Webhook: `POST url {"content": …}` (204); a 429 carries `retry_after` in seconds (and Retry-After). Mentions are never parsed. */
export async function sendDiscord(url: string, p: MessageParts, timeoutMs: number): Promise<SendResult> {
  const body = { content: discordText(p), allowed_mentions: { parse: [] } };
  return classify(await postJson(url, body, { timeoutMs }), (text) => jsonNumber(text, ['retry_after']));
}
