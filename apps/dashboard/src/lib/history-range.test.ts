import { HISTORY_BUCKETS, HISTORY_MAX_POINTS, historyRequest } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { historyBucket, historyRequestFor } from './history-range';

const DAY = 86_400;

describe('historyBucket', () => {
  it('picks the smallest bucket that keeps a chart within its points', () => {
    expect(historyBucket(30 * DAY)).toBe(21_600); // 6 h: 121 points
    expect(historyBucket(90 * DAY)).toBe(43_200); // 12 h: 181 points
    expect(historyBucket(3600)).toBe(60);
    expect(historyBucket(30 * DAY, 800)).toBe(3600);
  });

  it('falls back to the largest bucket for ranges no bucket fits', () => {
    expect(historyBucket(3650 * DAY)).toBe(DAY);
  });

  it('never exceeds the server limit, whatever is asked', () => {
    for (const days of [1, 7, 30, 90, 365]) {
      const b = historyBucket(days * DAY, 1_000_000);
      expect(HISTORY_BUCKETS).toContain(b);
      expect(Math.ceil((days * DAY) / b) + 1).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    }
  });
});

describe('historyRequestFor', () => {
  const now = 1_764_115_200 + 12_345; // some afternoon

  it('asks for whole buckets covering the window, ending now, valid for the server', () => {
    for (const hours of [720, 2160]) {
      const req = historyRequestFor(hours, now);
      expect(req.to).toBe(now);
      expect(req.from % req.bucket).toBe(0);
      expect(req.from).toBeLessThanOrEqual(now - hours * 3600);
      expect(req.from).toBeGreaterThan(now - hours * 3600 - req.bucket);
      expect((req.to - req.from) / req.bucket).toBeLessThanOrEqual(200);
      expect(historyRequest.safeParse(req).success).toBe(true);
    }
    expect(historyRequestFor(720, now).bucket).toBe(21_600);
    expect(historyRequestFor(2160, now).bucket).toBe(43_200);
  });

  it('keeps the same start until a bucket goes by', () => {
    const a = historyRequestFor(720, now);
    const b = historyRequestFor(720, now + 60);
    expect(b.from).toBe(a.from);
  });

  it('cuts a range too long for the largest bucket to what the server allows', () => {
    const req = historyRequestFor(24 * 3650, now);
    expect(req.bucket).toBe(DAY);
    expect((req.to - req.from) / req.bucket).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    expect(historyRequest.safeParse(req).success).toBe(true);
  });
});
