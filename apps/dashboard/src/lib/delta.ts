import { applyDelta, type MetricsDelta, type MetricsSnapshot } from '@amiga/protocol';
import { shareUnchanged } from './share';

/** What a `metrics_delta` does to the snapshot a client holds. */
export type DeltaOutcome =
  /** The delta built on the snapshot held: here is the new one (unchanged sections keep their identity). */
  | { kind: 'applied'; snapshot: MetricsSnapshot }
  /** The delta builds on another version than the one held (or none is held): ask for a full snapshot. */
  | { kind: 'gap'; held: number | null };

/** Applies a `metrics_delta` to the snapshot held, if it builds on it. */
export function receiveDelta(held: MetricsSnapshot | null, delta: MetricsDelta): DeltaOutcome {
  const seq = held?.seq ?? null;
  if (held === null || seq !== delta.base_seq) return { kind: 'gap', held: seq };
  const next = applyDelta(held, delta);
  next.seq = delta.seq;
  return { kind: 'applied', snapshot: shareUnchanged(held, next) };
}
