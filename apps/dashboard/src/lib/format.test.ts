import { describe, expect, it } from 'vitest';
import { formatAgo, formatBucket, formatBytes, formatClock, formatCompact, formatInt, formatUsd, shortModel } from './format';

describe('format', () => {
  it('formats dollars with cents, and sub-cent amounts with four decimals', () => {
    expect(formatUsd(12.45)).toBe('$12.45');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.0042)).toBe('$0.0042');
    expect(formatUsd(Number.NaN)).toBe('$0.00');
  });

  it('formats counts', () => {
    expect(formatInt(156)).toBe('156');
    expect(formatInt(45000)).toBe('45,000');
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(12_340)).toBe('12.3K');
    expect(formatCompact(2_000_000)).toBe('2M');
    expect(formatCompact(123_456_789)).toBe('123M');
  });

  it('formats bytes and ages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatAgo(0)).toBe('just now');
    expect(formatAgo(12)).toBe('12s ago');
    expect(formatAgo(300)).toBe('5m ago');
    expect(formatAgo(7200)).toBe('2h ago');
    expect(formatAgo(-5)).toBe('just now');
  });

  it('shortens model ids', () => {
    expect(shortModel('claude-sonnet-4-5-20250929')).toBe('sonnet-4-5');
    expect(shortModel('gpt-x')).toBe('gpt-x');
    expect(shortModel(null)).toBe('—');
  });

  it('labels buckets by time, weekday or date depending on the window', () => {
    const t = new Date(2025, 10, 3, 14, 30).getTime() / 1000; // a Monday, local time
    expect(formatBucket(t, 24)).toBe('14:30');
    expect(formatBucket(t, 168)).toBe('Mon 14:30');
    expect(formatBucket(t, 720)).toBe('Nov 3 14:30');
    expect(formatBucket(new Date(2025, 10, 3, 0, 5).getTime() / 1000, 24)).toBe('00:05');
  });

  it('formats a clock time on 24 hours', () => {
    expect(formatClock(new Date(2025, 10, 3, 0, 5, 9).getTime() / 1000)).toBe('00:05:09');
    expect(formatClock(new Date(2025, 10, 3, 23, 59, 59).getTime() / 1000)).toBe('23:59:59');
  });
});
