import type { CurrentBlock, LimitEntry, LimitsSection } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { alertLimits, BLOCK_WINDOW, limitCrossings, projectedPercent, projectionWarnings } from './alerts.js';

const NOW = 1_800_000_000;
const FIVE_H = 300;

/** A 5h window of claude-code on `laptop`, `elapsed` seconds into it. */
function entry(used: number, elapsed: number, over: Partial<LimitEntry> = {}): LimitEntry {
  return {
    agent: 'claude-code',
    window: '5h',
    used_percent: used,
    resets_at: NOW - elapsed + FIVE_H * 60,
    source: 'statusline',
    updated_at: NOW,
    machine: 'laptop',
    reset: false,
    window_minutes: FIVE_H,
    ...over,
  };
}

function block(over: Partial<CurrentBlock>): CurrentBlock {
  return {
    start: NOW - 3600,
    end: NOW + 4 * 3600,
    first_request: NOW - 3600,
    last_request: NOW - 60,
    tokens: 0,
    limit_tokens: 0,
    input_tokens: 0,
    output_tokens: 0,
    cache_creation_tokens: 0,
    cache_read_tokens: 0,
    cost_usd: 0,
    requests: 0,
    burn_rate_tokens_per_min: 0,
    burn_rate_usd_per_hour: 0,
    projected_tokens: 0,
    projected_cost_usd: 0,
    projected_limit_tokens: 0,
    token_limit: null,
    limit_source: 'none',
    ...over,
  } as CurrentBlock;
}

const section = (limits: LimitEntry[], blocks: Record<string, CurrentBlock | null> = {}): LimitsSection => ({
  limits,
  blocks: Object.fromEntries(Object.entries(blocks).map(([a, current]) => [a, { current, recent: [] }])),
});

describe('limitCrossings', () => {
  it('reports each threshold a window went from below to at or above, once', () => {
    const out = limitCrossings([entry(70, 3600)], [entry(92, 3600)], [80, 90, 95]);
    expect(out).toEqual([
      { agent: 'claude-code', window: '5h', machine: 'laptop', threshold: 80, used_percent: 92, resets_at: NOW - 3600 + FIVE_H * 60 },
      { agent: 'claude-code', window: '5h', machine: 'laptop', threshold: 90, used_percent: 92, resets_at: NOW - 3600 + FIVE_H * 60 },
    ]);
  });

  it('reports nothing for a window that stays above, or falls', () => {
    expect(limitCrossings([entry(85, 60)], [entry(88, 60)], [80])).toEqual([]);
    expect(limitCrossings([entry(85, 60)], [entry(10, 60)], [80])).toEqual([]);
  });

  it('counts a window first reported, or reset before, as 0%', () => {
    expect(limitCrossings([], [entry(80, 60)], [80]).map((c) => c.threshold)).toEqual([80]);
    expect(limitCrossings([entry(0, 60, { reset: true })], [entry(81, 60)], [80])).toHaveLength(1);
  });

  it('keeps agents, windows and machines apart, and skips a reset window after', () => {
    const before = [entry(90, 60, { machine: 'desk' })];
    const after = [entry(90, 60, { machine: 'desk' }), entry(90, 60), entry(95, 60, { window: '7d', window_minutes: 10_080 }), entry(0, 60, { agent: 'codex', reset: true })];
    expect(limitCrossings(before, after, [80]).map((c) => `${c.window}@${c.machine}`)).toEqual(['5h@laptop', '7d@laptop']);
  });
});

describe('projectionWarnings', () => {
  it('warns of a window used faster than it elapses, with when it is reached', () => {
    // 50% used a fifth of the way in: 100% at two fifths (2 h in), long before the reset.
    const [w, ...rest] = projectionWarnings(section([entry(50, 3600)]), NOW);
    expect(rest).toEqual([]);
    expect(w).toEqual({ agent: 'claude-code', kind: 'window', window: '5h', machine: 'laptop', reaches_at: NOW + 3600, resets_at: NOW + 4 * 3600, measured: true });
  });

  it('stays quiet behind pace, once reached, with no reset time, at 0%, or after a reset', () => {
    const quiet = [entry(40, 3 * 3600), entry(100, 3600), entry(50, 3600, { resets_at: null }), entry(0, 3600), entry(50, 3600, { reset: true })];
    expect(projectionWarnings(section(quiet), NOW)).toEqual([]);
  });

  it('warns of an active block whose projection reaches its token limit', () => {
    const b = block({ limit_tokens: 40_000, projected_limit_tokens: 120_000, token_limit: 100_000, limit_source: 'plan' });
    const [w] = projectionWarnings(section([], { 'claude-code': b }), NOW);
    // 80,000 more tokens over 4 h: 20,000 an hour, so the 60,000 left take 3 h.
    expect(w).toEqual({ agent: 'claude-code', kind: 'block', window: '5h', machine: null, reaches_at: NOW + 3 * 3600, resets_at: NOW + 4 * 3600, measured: false });
  });

  it('skips blocks without a limit, under it, already over it, or not active', () => {
    const blocks = {
      a: block({ limit_tokens: 10, projected_limit_tokens: 1e9, token_limit: null }),
      b: block({ limit_tokens: 10, projected_limit_tokens: 50, token_limit: 100 }),
      c: block({ limit_tokens: 150, projected_limit_tokens: 200, token_limit: 100 }),
      d: null,
    };
    expect(projectionWarnings(section([], blocks), NOW)).toEqual([]);
  });
});

describe('alertLimits', () => {
  it('projects a measured window at its pace, consistently with projectionWarnings', () => {
    const cases = [entry(50, 3600), entry(40, 3 * 3600), entry(60, 3 * 3600), entry(5, 5400)];
    const limits = alertLimits(section(cases), NOW);
    expect(limits.map((l) => l.projectedPercent)).toEqual([250, 66.67, 100, 16.67]);
    for (const [i, l] of limits.entries()) {
      const warned = projectionWarnings(section([cases[i]!]), NOW).length > 0;
      expect(warned, `case ${i}`).toBe(l.projectedPercent! > 100);
    }
    expect(limits[0]).toEqual({ agent: 'claude-code', window: '5h', machine: 'laptop', usedPercent: 50, projectedPercent: 250, resetsAt: NOW + 4 * 3600 });
  });

  it('leaves out reset windows, and has no projection without a reset time', () => {
    const limits = alertLimits(section([entry(0, 60, { reset: true }), entry(30, 60, { resets_at: null })]), NOW);
    expect(limits).toEqual([{ agent: 'claude-code', window: '5h', machine: 'laptop', usedPercent: 30, projectedPercent: null, resetsAt: null }]);
    expect(projectedPercent(entry(30, 0), NOW)).toBeNull();
  });

  it('lists an active block with a token limit as its own window, per agent', () => {
    const blocks = { 'claude-code': block({ limit_tokens: 40_000, projected_limit_tokens: 120_000, token_limit: 100_000 }), codex: block({ limit_tokens: 5 }) };
    expect(alertLimits(section([], blocks), NOW)).toEqual([
      { agent: 'claude-code', window: BLOCK_WINDOW, machine: null, usedPercent: 40, projectedPercent: 120, resetsAt: NOW + 4 * 3600 },
    ]);
  });
});
