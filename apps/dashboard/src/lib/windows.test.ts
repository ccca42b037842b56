import { describe, expect, it } from 'vitest';
import { describeBucket, describeWindow, isHistoryWindow, liveHours, normalizeWindow, windowLabel, WINDOWS } from './windows';

const DAY = 86_400;

describe('windows', () => {
  it('offers the live windows and longer ones drawn from history', () => {
    expect(WINDOWS.map((w) => w.label)).toEqual(['1h', '6h', '24h', '3d', '7d', '30d', '90d']);
    expect(WINDOWS.filter((w) => isHistoryWindow(w.hours)).map((w) => w.hours)).toEqual([720, 2160]);
    expect(liveHours(24)).toBe(24);
    expect(liveHours(720)).toBe(168);
    expect(liveHours(2160)).toBe(168);
  });

  it('normalises stored windows', () => {
    expect(normalizeWindow(720)).toBe(720);
    expect(normalizeWindow(2160)).toBe(2160);
    expect(normalizeWindow(500)).toBe(168);
    expect(normalizeWindow(0)).toBe(1);
    expect(normalizeWindow(6.7)).toBe(6);
  });

  it('describes windows and buckets', () => {
    expect(windowLabel(168)).toBe('7d');
    expect(windowLabel(24)).toBe('24h');
    expect(windowLabel(5)).toBe('5h');
    expect(describeWindow(720)).toBe('the last 30 days');
    expect(describeWindow(168)).toBe('the last 7 days');
    expect(describeWindow(1)).toBe('the last hour');
    expect(describeWindow(48)).toBe('the last 2 days');
    expect(describeWindow(5)).toBe('the last 5 hours');
    expect(describeBucket(21_600)).toBe('6 h buckets');
    expect(describeBucket(DAY)).toBe('1 day buckets');
    expect(describeBucket(900)).toBe('15 min buckets');
    expect(describeBucket(90)).toBe('90 s buckets');
  });
});
