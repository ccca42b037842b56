import type { ConditionName } from './rules-schema.js';

/**
 * What an alert says, as it is recorded in the outbox and rendered per channel: a title, the
 * figures as label and value, a dashboard link, and the same facts as fields for webhooks.
 */
export interface AlertFacts {
  rule: string;
  condition: ConditionName | 'test';
  /** One line: what happened. */
  title: string;
  /** The figures, formatted: `[label, value]`. */
  details: Array<[string, string]>;
  /** Where to look in the dashboard (MONITORING_PUBLIC_URL), or null. */
  link: string | null;
  /** The facts as values (ids, amounts, seconds), for webhook consumers. */
  data: Record<string, string | number | boolean | null>;
}

/** `$51.20`; amounts under a dollar with four decimals (`$0.0042`). */
export function usd(value: number): string {
  return `$${value >= 1 || value === 0 ? value.toFixed(2) : value.toFixed(4)}`;
}

/** 45 → `45 s`, 300 → `5 min`, 4980 → `1 h 23 min`, 90000 → `1 d 1 h`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`;
}

/** A Unix time as `2026-12-02 18:40 UTC`. */
export function utc(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `24 h`, `30 min`, `1.5 h`. */
export function hoursLabel(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${Number(hours.toFixed(2))} h`;
}
