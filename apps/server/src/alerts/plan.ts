import type { ActiveAlert, AlertChange } from '../store/alert-store.js';
import { CONDITION_KIND, type Outcome } from './conditions.js';
import { duration, utc, type AlertFacts } from './facts.js';
import type { Rule } from './rules-schema.js';

/**
 * The changes one evaluation asks for, from what each rule's condition holds now and the
 * alerts that are on. Pure. A rule whose outcome is unknown changes nothing; an alert of a
 * rule no longer in force (removed, disabled) is dropped without a notice.
 */
export function planChanges(rules: readonly Rule[], outcomes: ReadonlyMap<string, Outcome>, active: readonly ActiveAlert[], now: number): AlertChange[] {
  const changes: AlertChange[] = [];
  const byRule = new Map<string, ActiveAlert[]>();
  for (const a of active) byRule.set(a.rule, [...(byRule.get(a.rule) ?? []), a]);
  const inForce = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    inForce.add(rule.name);
    const outcome = outcomes.get(rule.name);
    if (!outcome || 'unknown' in outcome) continue;
    const kind = CONDITION_KIND[rule.when.type];
    const on = new Map((byRule.get(rule.name) ?? []).map((a) => [a.instance, a]));
    const now_true = new Set<string>();
    for (const { key, facts } of outcome.instances) {
      now_true.add(key);
      const alert: AlertFacts = { ...facts, rule: rule.name };
      const current = on.get(key);
      if (!current) {
        changes.push({ type: 'fire', rule: rule.name, instance: key, kind, at: now, alert: { ...alert }, channels: rule.notify });
      } else if (kind === 'state' && rule.repeat_after !== undefined && now - current.notifiedAt >= rule.repeat_after) {
        const reminder = { ...alert, details: [...alert.details, ['On since', utc(current.firedAt)]] };
        changes.push({ type: 'remind', rule: rule.name, instance: key, at: now, notifiedBefore: now - rule.repeat_after + 1e-6, alert: reminder, channels: rule.notify });
      }
    }
    if (kind === 'event') continue;
    for (const [key, a] of on) {
      if (now_true.has(key) || a.kind !== 'state') continue;
      const fired = a.alert as unknown as AlertFacts;
      const resolved = { ...fired, details: [...(fired.details ?? []), ['Lasted', duration(now - a.firedAt)]], data: { ...fired.data, fired_at: a.firedAt, resolved_at: now } };
      changes.push({ type: 'resolve', rule: rule.name, instance: key, at: now, alert: resolved, channels: rule.notify });
    }
  }
  for (const a of active) if (!inForce.has(a.rule)) changes.push({ type: 'drop', rule: a.rule, instance: a.instance });
  return changes;
}
