import type { HistoryResponse } from '@amiga/protocol';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { startHistoryFeed } from './history-feed';

const answer = (n: number): HistoryResponse => ({ from: 0, to: n, bucket: 60, points: [] });
type Load = (signal: AbortSignal) => Promise<HistoryResponse>;

describe('startHistoryFeed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function feed(load: Mock<Load> = vi.fn<Load>(async () => answer(1))) {
    const data = vi.fn();
    const error = vi.fn();
    const f = startHistoryFeed({ load, data, error, refreshMs: 60_000, minGapMs: 10_000, now: () => Date.now() });
    return { f, load, data, error };
  }

  it('fetches at once, then every refresh period', async () => {
    const { f, load, data } = feed();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    expect(data).toHaveBeenCalledWith(answer(1));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(load).toHaveBeenCalledTimes(2);
    f.stop();
  });

  it('fetches again after live updates, at most every minimum gap', async () => {
    const { f, load } = feed();
    await vi.advanceTimersByTimeAsync(0);
    f.poke();
    f.poke();
    f.poke();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(load).toHaveBeenCalledTimes(2);
    // Long after the last fetch, a poke fetches at once.
    await vi.advanceTimersByTimeAsync(30_000);
    f.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(3);
    f.stop();
  });

  it('reports errors and keeps trying', async () => {
    const load = vi.fn<Load>(async () => {
      throw new Error('HTTP 500');
    });
    const { f, error } = feed(load);
    await vi.advanceTimersByTimeAsync(0);
    expect(error).toHaveBeenCalledWith('HTTP 500');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(load).toHaveBeenCalledTimes(2);
    f.stop();
  });

  it('aborts the request in flight when a newer one starts, and reports only the newer', async () => {
    const signals: AbortSignal[] = [];
    let n = 0;
    const load = vi.fn<Load>(
      (signal) =>
        new Promise<HistoryResponse>((resolve) => {
          signals.push(signal);
          const k = ++n;
          setTimeout(() => resolve(answer(k)), k === 1 ? 20_000 : 10);
        }),
    );
    const { f, data } = feed(load);
    await vi.advanceTimersByTimeAsync(10_000);
    f.poke(); // the first is still in flight after 10 s
    await vi.advanceTimersByTimeAsync(0);
    expect(signals[0]?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(data).toHaveBeenCalledTimes(1);
    expect(data).toHaveBeenCalledWith(answer(2));
    f.stop();
  });

  it('does nothing more once stopped', async () => {
    const { f, load, data } = feed();
    f.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    f.poke();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(load).toHaveBeenCalledTimes(1);
    expect(data).not.toHaveBeenCalled();
  });
});
