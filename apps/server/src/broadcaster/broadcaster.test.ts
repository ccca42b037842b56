import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../clock.js';
import { fakeChannel, NOW, silentLogger, snapshotWith, type FakeChannel } from '../test-support/broadcaster.js';
import { Broadcaster, type BroadcasterOptions } from './broadcaster.js';

/** A broadcaster over a fake store (bump `change()` to make new data), a manual clock and real timers for setImmediate only. */
function setup(options: Partial<BroadcasterOptions> = {}) {
  const clock = manualClock(NOW);
  let version = 0;
  let lines: string[] = ['start'];
  const broadcaster = new Broadcaster({
    compute: async (hours, now) => snapshotWith({ activity: lines }, hours, now),
    version: () => version,
    now: () => clock.now(),
    logger: silentLogger,
    ...options,
  });
  const change = (line: string) => {
    lines = [line, ...lines];
    version += 1;
  };
  return { clock, broadcaster, change };
}

const seqs = (ch: FakeChannel, id: string) => ch.calls.filter((c) => c.ids.includes(id)).map((c) => c.seq);

beforeEach(() => {
  // The broadcaster's own "due again" timers are driven by hand; setImmediate (its turns of the loop) stays real.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Broadcaster with a fake channel and clock', () => {
  it('sends the current snapshot on subscribe, then the first change to everyone at once, then at most once per interval', async () => {
    const { clock, broadcaster, change } = setup();
    const ch = fakeChannel();
    await broadcaster.subscribe('a', ch, 24, 5);
    clock.advance(0.3);
    await broadcaster.subscribe('b', ch, 24, 5);
    expect(ch.calls.map((c) => c.ids)).toEqual([['a'], ['b']]);

    // The first change: both get it now, in one broadcast, although their subscribe answers were 0.3 s apart.
    clock.advance(0.2);
    change('one');
    await broadcaster.flush();
    expect(ch.calls.at(-1)).toMatchObject({ kind: 'full', ids: ['a', 'b'] });

    // Changes within the next 5 s are held back, then only the latest goes out.
    clock.advance(1);
    change('two');
    await broadcaster.flush();
    clock.advance(1);
    change('three');
    await broadcaster.flush();
    expect(ch.calls).toHaveLength(3);
    clock.advance(2.95); // 4.95 s after the last update: within the 100 ms slack
    await broadcaster.flush();
    expect(ch.calls).toHaveLength(4);
    expect(ch.calls.at(-1)?.ids).toEqual(['a', 'b']);
    const newest = ch.calls.at(-1)?.seq as number;
    expect(newest).toBeGreaterThan(ch.calls[2]?.seq as number);
    expect(broadcaster.stats.computations).toBe(4);
    broadcaster.close();
  });

  it('arms a timer for when a held-back change is due, and that timer delivers it', async () => {
    const { clock, broadcaster, change } = setup();
    const ch = fakeChannel();
    await broadcaster.subscribe('a', ch, 24, 2);
    change('one');
    await broadcaster.flush();
    clock.advance(0.5);
    change('two');
    await broadcaster.flush();
    expect(seqs(ch, 'a')).toHaveLength(2);
    clock.advance(1.4); // due at 2 s less 100 ms of slack
    await vi.advanceTimersByTimeAsync(1_400);
    expect(seqs(ch, 'a')).toHaveLength(3);
    broadcaster.close();
  });

  it('holds back a subscriber that is behind, then sends it only the newest frame', async () => {
    const { clock, broadcaster, change } = setup();
    const ch = fakeChannel();
    await broadcaster.subscribe('slow', ch, 24, 1);
    await broadcaster.subscribe('ok', ch, 24, 1);
    ch.behind.add('slow');
    for (const line of ['one', 'two', 'three']) {
      clock.advance(1);
      change(line);
      await broadcaster.flush();
    }
    expect(seqs(ch, 'ok')).toHaveLength(4);
    expect(seqs(ch, 'slow')).toHaveLength(1);
    expect(broadcaster.stats.heldBack).toBe(3);
    ch.behind.delete('slow');
    clock.advance(0.5);
    await broadcaster.flush();
    expect(seqs(ch, 'slow')).toEqual([seqs(ch, 'ok')[0], seqs(ch, 'ok').at(-1)]);
    broadcaster.close();
  });

  it('evicts a subscriber that stays behind for longer than evictAfterMs', async () => {
    const { clock, broadcaster, change } = setup({ evictAfterMs: 10_000 });
    const ch = fakeChannel();
    await broadcaster.subscribe('slow', ch, 24, 1);
    ch.behind.add('slow');
    change('one');
    clock.advance(1);
    await broadcaster.flush();
    clock.advance(10);
    await broadcaster.flush();
    expect(ch.evicted).toEqual([]);
    clock.advance(0.1);
    await broadcaster.flush();
    expect(ch.evicted).toEqual(['slow']);
    expect(broadcaster.stats.evicted).toBe(1);
    broadcaster.close();
  });

  it('plans and hands a large window over in chunks, one turn of the event loop each', async () => {
    const { broadcaster, change } = setup({ chunkSize: 500 });
    const ch = fakeChannel();
    const ids = Array.from({ length: 1_200 }, (_, i) => `c${i}`);
    // Subscribing one by one sends each its snapshot on its own: chunking applies to groups.
    await Promise.all(ids.map((id) => broadcaster.subscribe(id, ch, 24, 1)));
    ch.calls.length = 0;
    const before = { ...broadcaster.stats };

    const turns: number[] = [];
    ch.afterCall = () => {
      turns.push(ch.calls.length);
      setImmediate(() => turns.push(-1)); // runs only if the loop turns before the next call
    };
    change('one');
    await broadcaster.flush();
    expect(ch.calls.map((c) => c.ids.length)).toEqual([500, 500, 200]);
    expect(ch.calls.flatMap((c) => c.ids)).toEqual(ids);
    expect(turns.slice(0, 4)).toEqual([1, -1, 2, -1]);
    expect(broadcaster.stats.broadcasts - before.broadcasts).toBe(3);
    expect(broadcaster.stats.deliveries - before.deliveries).toBe(1_200);
    broadcaster.close();
  });

  it('skips subscribers that left or re-subscribed before their chunk went out', async () => {
    const { broadcaster, change } = setup({ chunkSize: 2 });
    const ch = fakeChannel();
    for (const id of ['a', 'b', 'c', 'd', 'e']) await broadcaster.subscribe(id, ch, 24, 1);
    ch.calls.length = 0;
    const other = fakeChannel();
    ch.afterCall = (call) => {
      if (call.ids.includes('a')) {
        broadcaster.unsubscribe('c');
        void broadcaster.subscribe('d', other, 24, 1, true);
      }
    };
    change('one');
    await broadcaster.flush();
    expect(ch.calls.map((c) => c.ids)).toEqual([['a', 'b'], ['e']]);
    // The re-subscribed one got its own first update on its new channel.
    await broadcaster.flush();
    expect(other.calls).toEqual([expect.objectContaining({ kind: 'full-with-seq', ids: ['d'] })]);
    broadcaster.close();
  });

  it('chunkSize 0 plans and hands every window over in one turn', async () => {
    const { broadcaster, change } = setup({ chunkSize: 0 });
    const ch = fakeChannel();
    await Promise.all(Array.from({ length: 1_200 }, (_, i) => broadcaster.subscribe(`c${i}`, ch, 24, 1)));
    ch.calls.length = 0;
    change('one');
    await broadcaster.flush();
    expect(ch.calls.map((c) => c.ids.length)).toEqual([1_200]);
    broadcaster.close();
  });

  it('stops between chunks when closed', async () => {
    const { broadcaster, change } = setup({ chunkSize: 10 });
    const ch = fakeChannel();
    await Promise.all(Array.from({ length: 30 }, (_, i) => broadcaster.subscribe(`c${i}`, ch, 24, 1)));
    ch.calls.length = 0;
    ch.afterCall = () => broadcaster.close();
    change('one');
    await broadcaster.flush();
    expect(ch.calls).toHaveLength(1);
  });
});
