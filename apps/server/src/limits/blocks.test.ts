import { describe, expect, it } from 'vitest';
import type { UsagePoint } from '../store/limits.js';
import { AgentUsage } from './agent-usage.js';
import { agentBlocks } from './blocks-section.js';

const T = (iso: string) => Date.parse(iso) / 1000;
const point = (iso: string, o: Partial<UsagePoint> = {}): UsagePoint => ({
  ts: T(iso),
  agent: 'claude-code',
  inputTokens: 1000,
  outputTokens: 100,
  cacheCreationTokens: 10,
  cacheReadTokens: 5000,
  costUsd: 0.01,
  ...o,
});
const usageOf = (points: UsagePoint[]) => {
  const u = new AgentUsage();
  for (const p of points) u.add(p);
  return u;
};
const bounds = (u: AgentUsage) =>
  u.blocks().map((b) => [new Date(b.start * 1000).toISOString().slice(0, 16), new Date(b.end * 1000).toISOString().slice(0, 16), b.sums.requests]);

describe('5-hour blocks', () => {
  it('start at the UTC hour of the first request and last 5 hours', () => {
    const u = usageOf([point('2026-12-01T10:55:30Z'), point('2026-12-01T13:10:00Z'), point('2026-12-01T14:59:59Z')]);
    expect(bounds(u)).toEqual([['2026-12-01T10:00', '2026-12-01T15:00', 3]]);
  });

  it('a request after the end starts a new block at its own hour; one exactly at the end is still in the block', () => {
    const u = usageOf([point('2026-12-01T10:20:00Z'), point('2026-12-01T15:00:00Z'), point('2026-12-01T15:00:01Z'), point('2026-12-01T15:40:00Z')]);
    expect(bounds(u)).toEqual([
      ['2026-12-01T10:00', '2026-12-01T15:00', 2],
      ['2026-12-01T15:00', '2026-12-01T20:00', 2],
    ]);
  });

  it('a gap of more than 5 hours ends a block; the next starts at the hour of the request after the gap', () => {
    const u = usageOf([point('2026-12-01T08:05:00Z'), point('2026-12-01T08:30:00Z'), point('2026-12-01T13:45:00Z'), point('2026-12-01T14:10:00Z')]);
    expect(bounds(u)).toEqual([
      ['2026-12-01T08:00', '2026-12-01T13:00', 2],
      ['2026-12-01T13:00', '2026-12-01T18:00', 2],
    ]);
  });

  it('a block crosses midnight (UTC) whole', () => {
    const u = usageOf([point('2026-12-01T22:15:00Z'), point('2026-12-02T00:30:00Z'), point('2026-12-02T02:59:00Z'), point('2026-12-02T03:01:00Z')]);
    expect(bounds(u)).toEqual([
      ['2026-12-01T22:00', '2026-12-02T03:00', 3],
      ['2026-12-02T03:00', '2026-12-02T08:00', 1],
    ]);
  });

  it('requests arriving out of order make the same blocks as in order', () => {
    const ordered = [
      point('2026-12-01T09:10:00Z'),
      point('2026-12-01T09:10:20Z', { outputTokens: 7 }),
      point('2026-12-01T12:00:00Z'),
      point('2026-12-01T14:00:00Z'),
      point('2026-12-01T20:30:00Z'),
      point('2026-12-01T21:00:00Z'),
    ];
    const shuffled = [ordered[4], ordered[1], ordered[0], ordered[5], ordered[3], ordered[2]] as UsagePoint[];
    const a = usageOf(ordered);
    const b = usageOf(shuffled);
    expect(bounds(b)).toEqual(bounds(a));
    expect(b.blocks()).toEqual(a.blocks());
    expect(bounds(a)).toEqual([
      ['2026-12-01T09:00', '2026-12-01T14:00', 4],
      ['2026-12-01T20:00', '2026-12-02T01:00', 2],
    ]);
    // A late request before the first block moves the blocks: 07:00 to 12:00 (12:00 exactly at its end is in it), then 14:00.
    b.add(point('2026-12-01T07:59:00Z'));
    expect(bounds(b)).toEqual([
      ['2026-12-01T07:00', '2026-12-01T12:00', 4],
      ['2026-12-01T14:00', '2026-12-01T19:00', 1],
      ['2026-12-01T20:00', '2026-12-02T01:00', 2],
    ]);
  });

  it('adds a request to the newest minute incrementally, with the same sums as a recount', () => {
    const u = usageOf([point('2026-12-01T10:00:10Z'), point('2026-12-01T10:00:40Z', { costUsd: 0.5 })]);
    const blocks = u.blocks();
    expect(blocks[0]?.sums).toEqual({ requests: 2, inputTokens: 2000, outputTokens: 200, cacheCreationTokens: 20, cacheReadTokens: 10_000, costUsd: 0.51 });
    u.add(point('2026-12-01T10:05:00Z', { inputTokens: 1 }));
    expect(u.blocks()[0]?.sums.inputTokens).toBe(2001);
  });
});

describe('the blocks entry of an agent', () => {
  const now = T('2026-12-01T12:30:00Z');

  it('has the active block with burn rate over the last 30 minutes and the projection to its end', () => {
    // 10:00 block; in the last 30 minutes 3 requests of 1,100 limit tokens (6,110 in all) each.
    const u = usageOf([
      point('2026-12-01T10:05:00Z'),
      point('2026-12-01T12:05:00Z'),
      point('2026-12-01T12:15:00Z'),
      point('2026-12-01T12:29:00Z'),
    ]);
    const { current, recent } = agentBlocks('codex', u, { now });
    expect(recent).toEqual([]);
    expect(current).toMatchObject({
      start: T('2026-12-01T10:00:00Z'),
      end: T('2026-12-01T15:00:00Z'),
      requests: 4,
      input_tokens: 4000,
      output_tokens: 400,
      cache_creation_tokens: 40,
      cache_read_tokens: 20_000,
      tokens: 24_440,
      limit_tokens: 4400,
      cost_usd: 0.04,
      burn_rate_tokens_per_min: Math.round(((3 * 6110) / 30) * 100) / 100,
      burn_rate_usd_per_hour: 0.06,
      // 150 minutes left at 611 tokens (110 limit tokens) a minute.
      projected_tokens: 24_440 + 611 * 150,
      projected_limit_tokens: 4400 + 110 * 150,
      projected_cost_usd: 0.04 + 0.001 * 150,
      token_limit: null,
      limit_source: 'none',
    });
  });

  it('has no current block once the last one ended, and lists completed blocks newest first (at most 20)', () => {
    const points: UsagePoint[] = [];
    for (let day = 0; day < 25; day++) points.push(point(new Date(Date.UTC(2026, 10, 6 + day, 9, 30)).toISOString()));
    const { current, recent } = agentBlocks('claude-code', usageOf(points), { now });
    expect(current).toBeNull();
    expect(recent).toHaveLength(20);
    expect(recent[0]?.start).toBe(T('2026-11-30T09:00:00Z'));
    expect(recent[19]?.start).toBe(T('2026-11-11T09:00:00Z'));
  });

  it('takes the token limit from MONITORING_PLAN for Claude Code only', () => {
    const u = usageOf([point('2026-12-01T12:00:00Z')]);
    expect(agentBlocks('claude-code', u, { now, plan: { name: 'max5', tokenLimit: 88_000 } }).current).toMatchObject({ token_limit: 88_000, limit_source: 'plan' });
    expect(agentBlocks('codex', u, { now, plan: { name: 'max5', tokenLimit: 88_000 } }).current).toMatchObject({ token_limit: null, limit_source: 'none' });
  });

  it('else estimates it as the 90th percentile of the last 8 days\' completed blocks that came close to a limit', () => {
    // Completed blocks of 30k (not close to any limit), 43k, 50k, 84k, 90k limit tokens; one of 200k 9 days ago (too old).
    const big = (iso: string, tokens: number) => point(iso, { inputTokens: tokens, outputTokens: 0 });
    const u = usageOf([
      big('2026-11-22T09:00:00Z', 200_000),
      big('2026-11-25T09:00:00Z', 30_000),
      big('2026-11-26T09:00:00Z', 43_000),
      big('2026-11-27T09:00:00Z', 50_000),
      big('2026-11-28T09:00:00Z', 84_000),
      big('2026-11-29T09:00:00Z', 90_000),
      point('2026-12-01T12:00:00Z'),
    ]);
    // Close: 43k (>= 0.95 x 44k), 50k, 84k (>= 0.95 x 88k), 90k. Exclusive p90 of 4 values: position 4.5 is past the last: 90k.
    expect(agentBlocks('codex', u, { now }).current).toMatchObject({ token_limit: 90_000, limit_source: 'p90' });
  });

  it('keeps two agents apart', () => {
    const claude = usageOf([point('2026-12-01T10:10:00Z')]);
    const codex = usageOf([point('2026-12-01T12:20:00Z', { agent: 'codex', inputTokens: 7 })]);
    expect(agentBlocks('claude-code', claude, { now }).current).toMatchObject({ start: T('2026-12-01T10:00:00Z'), input_tokens: 1000 });
    expect(agentBlocks('codex', codex, { now }).current).toMatchObject({ start: T('2026-12-01T12:00:00Z'), input_tokens: 7 });
  });
});
