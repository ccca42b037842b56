import { describe, expect, it } from 'vitest';
import { fakeChannel, frameWith, subscriber } from '../test-support/broadcaster.js';
import { applyPlan, BEHIND_RETRY_MS, planDeliveries, type Plan } from './plan.js';
import type { Subscriber } from './subscriber.js';

const NOW_MS = 1_000_000;
const EVICT_MS = 120_000;
const frame1 = frameWith(1, { activity: ['a'] });
const frame2 = frameWith(2, { activity: ['b', 'a'] });
const frame3 = frameWith(3, { activity: ['c', 'b', 'a'] });

const plan = (subscribers: Subscriber[], { frame = frame2, recent = [frame1, frame2], nowMs = NOW_MS } = {}) =>
  planDeliveries({ subscribers, frame, recent, nowMs, evictAfterMs: EVICT_MS });

/** The plan's groups as plain data: what goes to which ids. */
const groupsOf = (p: Plan) =>
  p.groups.map((g) => ({ delivery: g.delivery.kind === 'delta' ? { kind: 'delta', base: g.delivery.base.seq } : g.delivery, ids: g.subscribers.map((s) => s.id) }));

describe('planDeliveries', () => {
  it('groups due subscribers by channel and delivery, and skips one that already holds the frame', () => {
    const a = fakeChannel();
    const b = fakeChannel();
    const p = plan([subscriber('a1', a), subscriber('b1', b), subscriber('a2', a), subscriber('a3', a, { lastSeq: 2, lastSentAt: NOW_MS - 5000 })]);
    expect(p.groups.map((g) => [g.channel === a ? 'a' : 'b', g.subscribers.map((s) => s.id)])).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1']],
    ]);
    expect(groupsOf(p).map((g) => g.delivery)).toEqual([{ kind: 'full' }, { kind: 'full' }]);
    expect(p.next.has(p.groups[0]?.subscribers[0] as Subscriber)).toBe(true);
    expect([...p.next.keys()].map((s) => s.id)).toEqual(['a1', 'b1', 'a2']);
  });

  it('first-update rule: the snapshot answering a subscribe does not start the interval; later updates do', () => {
    const ch = fakeChannel();
    const fresh = subscriber('fresh', ch);
    const old = subscriber('old', ch, { lastSeq: 1, lastSentAt: NOW_MS - 1000 });
    const p = plan([fresh, old]);
    expect(groupsOf(p)).toEqual([{ delivery: { kind: 'full' }, ids: ['fresh', 'old'] }]);
    expect(p.next.get(fresh)).toEqual({ lastSeq: 2, lastSentAt: -Infinity, behindSince: undefined, topics: undefined });
    expect(p.next.get(old)).toMatchObject({ lastSeq: 2, lastSentAt: NOW_MS });
    // So the next change reaches the fresh subscriber at once, in the same broadcast as everyone else's.
    applyPlan(p);
    const later = plan([fresh, old], { frame: frame3, recent: [frame1, frame2, frame3], nowMs: NOW_MS + 200 });
    expect(groupsOf(later)).toEqual([{ delivery: { kind: 'full' }, ids: ['fresh'] }]);
  });

  it('throttling: a subscriber inside its interval gets nothing, and nextDueMs is when it is due (less the slack)', () => {
    const ch = fakeChannel();
    const every5s = subscriber('slow', ch, { intervalMs: 5000, lastSeq: 1, lastSentAt: NOW_MS - 1000 });
    const every1s = subscriber('fast', ch, { intervalMs: 1000, lastSeq: 1, lastSentAt: NOW_MS - 800 });
    const p = plan([every5s, every1s]);
    expect(p.groups).toEqual([]);
    expect(p.next.size).toBe(0);
    // Slack: 100 ms, at most a tenth of the interval: 1 s subscribers are due 100 ms early.
    expect(p.nextDueMs).toBe(NOW_MS - 800 + 1000 - 100);
    expect(plan([every1s], { nowMs: NOW_MS + 99 }).groups).toEqual([]);
    expect(groupsOf(plan([every1s], { nowMs: NOW_MS + 100 }))).toEqual([{ delivery: { kind: 'full' }, ids: ['fast'] }]);
    expect(groupsOf(plan([every5s], { nowMs: NOW_MS - 1000 + 4900 }))).toEqual([{ delivery: { kind: 'full' }, ids: ['slow'] }]);
  });

  it('holding back: a due subscriber that is behind is sent nothing, marked behind once, and checked again soon', () => {
    const ch = fakeChannel();
    const slow = subscriber('slow', ch, { lastSeq: 1, lastSentAt: NOW_MS - 5000 });
    const ok = subscriber('ok', ch, { lastSeq: 1, lastSentAt: NOW_MS - 5000, behindSince: NOW_MS - 3000 });
    ch.behind.add('slow');
    const p = plan([slow, ok]);
    expect(groupsOf(p)).toEqual([{ delivery: { kind: 'full' }, ids: ['ok'] }]);
    expect(p.heldBack).toEqual([slow]);
    expect(p.nextDueMs).toBe(NOW_MS + BEHIND_RETRY_MS);
    expect(p.next.get(slow)).toEqual({ lastSeq: 1, lastSentAt: NOW_MS - 5000, behindSince: NOW_MS, topics: undefined });
    // Caught up: behindSince is cleared.
    expect(p.next.get(ok)?.behindSince).toBeUndefined();

    applyPlan(p);
    const again = plan([slow], { nowMs: NOW_MS + 500 });
    expect(again.heldBack).toEqual([slow]);
    // Still behind: behindSince is not moved forward (it would never reach the eviction time).
    expect(again.next.has(slow)).toBe(false);
    // Once it reads again it gets the newest frame only.
    ch.behind.delete('slow');
    expect(groupsOf(plan([slow], { frame: frame3, recent: [frame1, frame2, frame3], nowMs: NOW_MS + 1000 }))).toEqual([{ delivery: { kind: 'full' }, ids: ['slow'] }]);
  });

  it('eviction: a subscriber behind for longer than evictAfterMs is to be dropped, not held back', () => {
    const ch = fakeChannel();
    ch.behind.add('gone');
    const gone = subscriber('gone', ch, { lastSeq: 1, lastSentAt: 0, behindSince: NOW_MS - EVICT_MS - 1 });
    const notYet = subscriber('not-yet', ch, { lastSeq: 1, lastSentAt: 0, behindSince: NOW_MS - EVICT_MS });
    ch.behind.add('not-yet');
    const p = plan([gone, notYet]);
    expect(p.evict).toEqual([gone]);
    expect(p.heldBack).toEqual([notYet]);
    expect(p.groups).toEqual([]);
  });

  it('deltas: a delta from the frame the subscriber holds, the full snapshot with its seq when that frame is gone or on the first update', () => {
    const ch = fakeChannel();
    const holds1 = subscriber('holds1', ch, { delta: true, lastSeq: 1, lastSentAt: 0 });
    const holdsGone = subscriber('holds0', ch, { delta: true, lastSeq: 0, lastSentAt: 0 });
    const fresh = subscriber('fresh', ch, { delta: true });
    const full = subscriber('full', ch, { lastSeq: 1, lastSentAt: 0 });
    expect(groupsOf(plan([holds1, holdsGone, fresh, full]))).toEqual([
      { delivery: { kind: 'delta', base: 1 }, ids: ['holds1'] },
      { delivery: { kind: 'full-with-seq' }, ids: ['holds0', 'fresh'] },
      { delivery: { kind: 'full' }, ids: ['full'] },
    ]);
    // Subscribers on different bases get different deltas.
    const holds2 = subscriber('holds2', ch, { delta: true, lastSeq: 2, lastSentAt: 0 });
    const p = plan([subscriber('holds1', ch, { delta: true, lastSeq: 1, lastSentAt: 0 }), holds2], { frame: frame3, recent: [frame1, frame2, frame3] });
    expect(groupsOf(p)).toEqual([
      { delivery: { kind: 'delta', base: 1 }, ids: ['holds1'] },
      { delivery: { kind: 'delta', base: 2 }, ids: ['holds2'] },
    ]);
  });

  it('deltas on a channel without delta support: full snapshots', () => {
    const ch = fakeChannel({ deltas: false });
    expect(groupsOf(plan([subscriber('d', ch, { delta: true, lastSeq: 1, lastSentAt: 0 })]))).toEqual([{ delivery: { kind: 'full' }, ids: ['d'] }]);
  });

  it('topics: one delivery per topic whose section changed; none changed: it holds the frame and its interval goes on', () => {
    const ch = fakeChannel();
    const f1 = frameWith(1, { activity: ['a'], running: 1 });
    const f2 = frameWith(2, { activity: ['b', 'a'], running: 1 });
    const both = subscriber('both', ch, { topics: new Map([['activity', f1.topic('activity').key], ['tasks', f1.topic('tasks').key]]), lastSeq: 1, lastSentAt: 0 });
    const tasks = subscriber('tasks', ch, { topics: new Map([['tasks', f1.topic('tasks').key]]), lastSeq: 1, lastSentAt: 500 });
    const newcomer = subscriber('new', ch, { topics: new Map([['tasks', '']]) });
    const p = plan([both, tasks, newcomer], { frame: f2, recent: [f1, f2] });
    expect(groupsOf(p)).toEqual([
      { delivery: { kind: 'topic', name: 'activity' }, ids: ['both'] },
      { delivery: { kind: 'topic', name: 'tasks' }, ids: ['new'] },
    ]);
    expect(p.next.get(tasks)).toMatchObject({ lastSeq: 2, lastSentAt: 500 });
    expect(p.next.get(both)?.topics?.get('activity')).toBe(f2.topic('activity').key);
    expect(p.next.get(newcomer)?.topics?.get('tasks')).toBe(f2.topic('tasks').key);
  });

  it('is pure: planning changes no subscriber; applyPlan writes the new bookkeeping', () => {
    const ch = fakeChannel();
    const topics = new Map([['activity' as const, '']]);
    const subs = [subscriber('a', ch, { lastSeq: 1, lastSentAt: 0 }), subscriber('t', ch, { topics })];
    const before = structuredClone(subs.map(({ channel: _, ...rest }) => rest));
    const p = plan(subs);
    plan(subs);
    expect(subs.map(({ channel: _, ...rest }) => rest)).toEqual(before);
    expect(topics.get('activity')).toBe('');
    applyPlan(p);
    expect(subs.map((s) => s.lastSeq)).toEqual([2, 2]);
    expect(subs[0]?.lastSentAt).toBe(NOW_MS);
    expect(subs[1]?.topics?.get('activity')).toBe(frame2.topic('activity').key);
    // Applied, the same frame plans nothing.
    expect(plan(subs).groups).toEqual([]);
  });
});
