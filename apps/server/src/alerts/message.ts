import type { NoticeKind } from '../store/alert-store.js';
import type { AlertFacts } from './facts.js';

/** What a notice is, for a person: the title's prefix. */
export const NOTICE_LABEL: Record<NoticeKind, string> = {
  fired: '🔴 Alert',
  resolved: '✅ Resolved',
  reminder: '🔁 Still on',
  test: '🧪 Test',
};

/** Longest value kept in a message (an error text, a description): messages stay short. */
export const MAX_VALUE = 300;

export const clip = (s: string, max = MAX_VALUE): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The parts every channel renders: a heading, label/value lines, a link, the rule. */
export interface MessageParts {
  heading: string;
  lines: Array<[string, string]>;
  link: string | null;
  rule: string;
}

export function messageParts(notice: NoticeKind, facts: AlertFacts): MessageParts {
  return {
    heading: `${NOTICE_LABEL[notice]}: ${clip(facts.title)}`,
    lines: (facts.details ?? []).map(([label, value]) => [label, clip(value)] as [string, string]),
    link: facts.link,
    rule: facts.rule,
  };
}

/** The message as plain text (webhooks carry it as `text`). */
export function plainText(p: MessageParts): string {
  return [p.heading, ...p.lines.map(([l, v]) => `${l}: ${v}`), ...(p.link ? [p.link] : []), ...(p.rule ? [`rule: ${p.rule}`] : [])].join('\n');
}
