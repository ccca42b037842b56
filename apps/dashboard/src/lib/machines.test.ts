import type { MachineUsage } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { formatMinutesAgo, machineRows, QUIET_AFTER_SECONDS } from './machines';

const usage = (last_seen: number, requests = 1): MachineUsage => ({
  requests,
  input_tokens: 10,
  output_tokens: 5,
  cache_creation_tokens: 0,
  cache_read_tokens: 0,
  cost_usd: 0.01,
  tool_calls: 0,
  sessions: 1,
  last_seen,
});

describe('machineRows', () => {
  it('lists the most recently heard from first and flags a quiet machine', () => {
    const now = 10_000;
    const rows = machineRows({ old: usage(now - QUIET_AFTER_SECONDS), b: usage(now - 30), a: usage(now - 30), ahead: usage(now + 5) }, now);
    expect(rows.map((r) => r.name)).toEqual(['ahead', 'a', 'b', 'old']);
    expect(rows.map((r) => r.quiet)).toEqual([false, false, false, true]);
    expect(rows[0]?.age).toBe(0); // a clock ahead of ours is not a negative age
    expect(rows[3]?.age).toBe(QUIET_AFTER_SECONDS);
  });

  it('is empty without machines', () => {
    expect(machineRows(undefined, 0)).toEqual([]);
    expect(machineRows({}, 0)).toEqual([]);
  });
});

describe('formatMinutesAgo', () => {
  it('says minutes, hours or days', () => {
    expect(formatMinutesAgo(-3)).toBe('just now');
    expect(formatMinutesAgo(59)).toBe('just now');
    expect(formatMinutesAgo(60)).toBe('1 min ago');
    expect(formatMinutesAgo(12 * 60 + 59)).toBe('12 min ago');
    expect(formatMinutesAgo(3 * 3600)).toBe('3 h ago');
    expect(formatMinutesAgo(2 * 86_400 + 5)).toBe('2 d ago');
  });
});
