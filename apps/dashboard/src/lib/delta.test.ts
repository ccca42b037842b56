import { diffSnapshots, type MetricsSnapshot } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { receiveDelta } from './delta';
import { emptyPoint } from './series';

function snapshot(seq: number | undefined, patch: (s: MetricsSnapshot) => void = () => {}): MetricsSnapshot {
  const s: MetricsSnapshot = {
    overview: {
      tasks: { total: 0, running: 0, completed: 0, failed: 0, pending: 0, stale: 0 },
      costs: { total_cost: 0, haiku_cost: 0, sonnet_cost: 0, opus_cost: 0, other_cost: 0, by_model: {}, unpriced_models: [] },
      claude_api: { total_requests: 0, total_input_tokens: 0, total_output_tokens: 0, total_cache_creation_tokens: 0, total_cache_read_tokens: 0, by_model: {} },
      tools: { total_calls: 0, by_type: {}, failed_calls: 0 },
    },
    sessions: { total_sessions: 0, total_tools: 0, tools_by_type: {}, list: [] },
    activity: [],
    series: { bucket_seconds: 900, points: [emptyPoint(0)] },
    recent_tasks: [],
    window: { hours: 24, since: 0 },
    sources: ['ingest'],
    timestamp: 1000,
    ...(seq === undefined ? {} : { seq }),
  };
  patch(s);
  return s;
}

const deltaBetween = (from: MetricsSnapshot, to: MetricsSnapshot, seq: number, baseSeq: number) => {
  // The server diffs the snapshots without their seq.
  const { seq: _a, ...a } = from;
  const { seq: _b, ...b } = to;
  return { seq, base_seq: baseSeq, ...diffSnapshots(a, b) };
};

describe('receiveDelta', () => {
  it('applies a delta built on the snapshot held, takes its seq, and keeps unchanged sections', () => {
    const held = snapshot(4);
    const target = snapshot(undefined, (s) => {
      s.overview.tools = { total_calls: 1, by_type: { Read: 1 }, failed_calls: 0 };
      s.timestamp = 1002;
    });
    const out = receiveDelta(held, deltaBetween(held, target, 7, 4));
    expect(out.kind).toBe('applied');
    if (out.kind !== 'applied') return;
    expect(out.snapshot).toEqual({ ...target, seq: 7 });
    expect(out.snapshot.series).toBe(held.series);
    expect(out.snapshot.overview.tasks).toBe(held.overview.tasks);
    expect(out.snapshot.overview.tools).not.toBe(held.overview.tools);
    // The snapshot held is left alone.
    expect(held.seq).toBe(4);
    expect(held.overview.tools.total_calls).toBe(0);
  });

  it('reports a gap when the delta builds on another version', () => {
    const held = snapshot(4);
    expect(receiveDelta(held, { seq: 9, base_seq: 8, set: {}, remove: [] })).toEqual({ kind: 'gap', held: 4 });
  });

  it('reports a gap when nothing, or a snapshot without seq, is held', () => {
    expect(receiveDelta(null, { seq: 2, base_seq: 1, set: {}, remove: [] })).toEqual({ kind: 'gap', held: null });
    expect(receiveDelta(snapshot(undefined), { seq: 2, base_seq: 1, set: {}, remove: [] })).toEqual({ kind: 'gap', held: null });
  });
});
