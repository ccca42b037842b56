import { describe, expect, it } from 'vitest';
import { windowPace } from './plan-limits.js';

const FIVE_H = 300;
const WEEK = 10_080;
const now = 1_800_000_000;
const entry = (used: number, resetsIn: number | null, minutes = FIVE_H, reset = false) => ({
  used_percent: used,
  resets_at: resetsIn === null ? null : now + resetsIn,
  window_minutes: minutes,
  reset,
});

describe('windowPace', () => {
  it('is the share of the window elapsed, ahead when more is used than has elapsed', () => {
    // 5-hour window resetting in 2 h: 3 h of 5 elapsed = 60%.
    expect(windowPace(entry(75, 2 * 3600), now)).toEqual({ elapsed_percent: 60, ahead: true });
    expect(windowPace(entry(40, 2 * 3600), now)).toEqual({ elapsed_percent: 60, ahead: false });
    // Exactly on pace is not ahead.
    expect(windowPace(entry(60, 2 * 3600), now)).toEqual({ elapsed_percent: 60, ahead: false });
  });

  it('reads the weekly window the same way, rounded to two decimals', () => {
    // 7-day window resetting in 4 days: 3 of 7 days elapsed = 42.857…%.
    expect(windowPace(entry(50, 4 * 86_400, WEEK), now)).toEqual({ elapsed_percent: 42.86, ahead: true });
    expect(windowPace(entry(30, 4 * 86_400, WEEK), now)).toEqual({ elapsed_percent: 42.86, ahead: false });
  });

  it('clamps the elapsed share to the window: a reset further away than the window length is 0% elapsed', () => {
    expect(windowPace(entry(1, 6 * 3600), now)).toEqual({ elapsed_percent: 0, ahead: true });
    expect(windowPace(entry(0, 6 * 3600), now)).toEqual({ elapsed_percent: 0, ahead: false });
  });

  it('has no pace when the reset time is unknown or the window has reset', () => {
    expect(windowPace(entry(50, null), now)).toBeNull();
    expect(windowPace(entry(0, -60, FIVE_H, true), now)).toBeNull();
  });
});
