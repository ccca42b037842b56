import { applyDelta, diffSnapshots } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { shareUnchanged } from './share';

const base = () => ({
  overview: { tools: { total_calls: 3, by_type: { Read: 2, Edit: 1 } }, tasks: { total: 1, running: 1 } },
  series: { bucket_seconds: 60, points: [{ t: 0, requests: 1 }, { t: 60, requests: 2 }] },
  activity: [{ description: 'a', timestamp: 1 }],
  timestamp: 100,
});

describe('shareUnchanged', () => {
  it('returns the previous value itself when nothing changed', () => {
    const prev = base();
    expect(shareUnchanged(prev, base())).toBe(prev);
    expect(shareUnchanged(1, 1)).toBe(1);
    expect(shareUnchanged(null, null)).toBe(null);
  });

  it('keeps the identity of unchanged sections and renews the changed path only', () => {
    const prev = base();
    const next = base();
    next.overview.tools.by_type.Read = 3;
    next.timestamp = 101;
    const out = shareUnchanged(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.series).toBe(prev.series);
    expect(out.activity).toBe(prev.activity);
    expect(out.overview.tasks).toBe(prev.overview.tasks);
    expect(out.overview.tools).not.toBe(prev.overview.tools);
    expect(out.overview.tools.by_type).not.toBe(prev.overview.tools.by_type);
  });

  it('shares the unchanged items of an array that grew or changed', () => {
    const prev = base();
    const next = base();
    next.series.points[1] = { t: 60, requests: 5 };
    next.series.points.push({ t: 120, requests: 1 });
    const out = shareUnchanged(prev, next);
    expect(out.series.points).toEqual(next.series.points);
    expect(out.series.points[0]).toBe(prev.series.points[0]);
    expect(out.series.points[1]).not.toBe(prev.series.points[1]);
    expect(out.series).not.toBe(prev.series);
  });

  it('notices added and removed keys, and type changes', () => {
    const prev: Record<string, unknown> = { a: 1, b: { c: 2 } };
    expect(shareUnchanged(prev, { a: 1 })).toEqual({ a: 1 });
    expect(shareUnchanged(prev, { a: 1, b: { c: 2 }, d: 0 })).toEqual({ a: 1, b: { c: 2 }, d: 0 });
    expect(shareUnchanged(prev, { a: 1, b: { c: 2 }, d: 0 }).b).toBe(prev.b);
    expect(shareUnchanged(prev, { a: [1], b: null })).toEqual({ a: [1], b: null });
    expect(shareUnchanged([1, 2], { 0: 1, 1: 2 })).toEqual({ 0: 1, 1: 2 });
    expect(shareUnchanged(undefined, { a: 1 })).toEqual({ a: 1 });
  });

  it('does not modify its arguments', () => {
    const prev = base();
    const next = base();
    next.overview.tasks.running = 0;
    const frozenPrev = JSON.stringify(prev);
    const frozenNext = JSON.stringify(next);
    shareUnchanged(prev, next);
    expect(JSON.stringify(prev)).toBe(frozenPrev);
    expect(JSON.stringify(next)).toBe(frozenNext);
  });

  it('keeps the sharing applyDelta already gives (a delta update passes through unchanged sections as they are)', () => {
    const prev = base();
    const target = base();
    target.activity = [{ description: 'b', timestamp: 2 }, ...target.activity];
    target.timestamp = 102;
    const applied = applyDelta(prev, diffSnapshots(prev, target));
    expect(applied.series).toBe(prev.series); // applyDelta copies only the changed path…
    const out = shareUnchanged(prev, applied);
    expect(out).toEqual(target);
    expect(out.series).toBe(prev.series); // …and sharing keeps it that way
    expect(out.overview).toBe(prev.overview);
    expect(out.activity).not.toBe(prev.activity);
  });
});
