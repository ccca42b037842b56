import type { MessageParts } from '../message.js';
import { classify, postJson, type SendResult } from './http.js';

/** Slack's mrkdwn reserves `&`, `<` and `>` (control sequences): they are sent as entities. */
export const escapeSlack = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The message in mrkdwn: the heading bold, the link as `<url|text>`. */
export function slackText(p: MessageParts): string {
  const lines = [`*${escapeSlack(p.heading)}*`, ...p.lines.map(([l, v]) => `${escapeSlack(l)}: ${escapeSlack(v)}`)];
  if (p.link) lines.push(`<${p.link.replace(/[|>]/g, encodeURIComponent)}|Open the dashboard>`);
  if (p.rule) lines.push(`_rule: ${escapeSlack(p.rule)}_`);
  return lines.join('\n');
}

/** Incoming webhook: `POST url {"text": …}`; answers 200 `ok`, or 4xx with a code (`invalid_payload`, `no_service`, …). */
export async function sendSlack(url: string, p: MessageParts, timeoutMs: number): Promise<SendResult> {
  return classify(await postJson(url, { text: slackText(p) }, { timeoutMs }));
}
