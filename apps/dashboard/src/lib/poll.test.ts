import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPoll } from './poll';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startPoll', () => {
  it('runs at once, then every everyMs', async () => {
    const run = vi.fn(async () => {});
    const poll = startPoll({ run, everyMs: 5000, minGapMs: 1000, now: Date.now });
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    poll.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs soon after a poke, but not within minGapMs of the last run, and a burst of pokes makes one run', async () => {
    const run = vi.fn(async () => {});
    const poll = startPoll({ run, everyMs: 5000, minGapMs: 1000, now: Date.now });
    await vi.advanceTimersByTimeAsync(200);
    poll.poke();
    poll.poke();
    await vi.advanceTimersByTimeAsync(799);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3000);
    poll.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(3);
    poll.stop();
  });

  it('never overlaps runs: a poke during a run runs again after it, and a failing run does not stop the poll', async () => {
    let active = 0;
    let most = 0;
    let calls = 0;
    const run = vi.fn(async () => {
      calls++;
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 1500));
      active--;
      if (calls === 1) throw new Error('offline');
    });
    const poll = startPoll({ run, everyMs: 5000, minGapMs: 1000, now: Date.now });
    await vi.advanceTimersByTimeAsync(100);
    poll.poke();
    await vi.advanceTimersByTimeAsync(1450);
    expect(run).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1500 + 5000);
    expect(run).toHaveBeenCalledTimes(3);
    expect(most).toBe(1);
    poll.stop();
  });
});
