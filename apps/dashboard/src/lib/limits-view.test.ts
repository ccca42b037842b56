import type { AgentBlocks, CurrentBlock, LimitEntry } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { agentLimits, blockEstimate, effectiveEntry, formatDuration, formatPercent, level, limitSourceTitle, paceView, resetText, sourceTitle, windowTitle } from './limits-view';

const now = 1_800_000_000;
const limit = (over: Partial<LimitEntry> = {}): LimitEntry => ({
  agent: 'claude-code',
  window: '5h',
  used_percent: 63.5,
  resets_at: now + 2 * 3600 + 14 * 60,
  source: 'statusline',
  updated_at: now - 10,
  machine: 'laptop',
  reset: false,
  window_minutes: 300,
  ...over,
});
const block = (over: Partial<CurrentBlock> = {}): CurrentBlock => ({
  start: now - 3600,
  end: now + 4 * 3600,
  requests: 4,
  input_tokens: 8_000,
  output_tokens: 2_000,
  cache_creation_tokens: 0,
  cache_read_tokens: 0,
  cost_usd: 0.12,
  tokens: 10_000,
  first_request: now - 3000,
  last_request: now - 60,
  limit_tokens: 10_000,
  burn_rate_tokens_per_min: 200,
  burn_rate_usd_per_hour: 0.5,
  projected_tokens: 58_000,
  projected_cost_usd: 2.12,
  projected_limit_tokens: 58_000,
  token_limit: 44_000,
  limit_source: 'plan',
  ...over,
});

describe('time to reset', () => {
  it('formats durations in hours and minutes, days and hours, and under a minute', () => {
    expect(formatDuration(2 * 3600 + 14 * 60 + 59)).toBe('2 h 14 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 120)).toBe('3 d 4 h');
    expect(formatDuration(2 * 86_400)).toBe('2 d');
    expect(formatDuration(59)).toBe('< 1 min');
    expect(formatDuration(-5)).toBe('< 1 min');
  });

  it('says when a window resets, that it has reset (also once its time passes after the snapshot), or that the time is unknown', () => {
    expect(resetText(limit(), now)).toBe('resets in 2 h 14 min');
    expect(resetText(limit({ reset: true, used_percent: 0, resets_at: now - 60 }), now)).toBe('reset');
    // The snapshot said 80% and not reset; the reset time has passed since.
    const passed = limit({ used_percent: 80, resets_at: now - 1 });
    expect(resetText(passed, now)).toBe('reset');
    expect(effectiveEntry(passed, now)).toMatchObject({ used_percent: 0, reset: true });
    expect(effectiveEntry(limit(), now)).toEqual(limit());
    expect(resetText(limit({ resets_at: null }), now)).toBe('reset time unknown');
  });
});

describe('pace wording', () => {
  it('is ahead of pace when more is used than the share of the window elapsed, else behind', () => {
    // 5-hour window resetting in 2 h: 60% elapsed.
    const ahead = paceView(limit({ used_percent: 75, resets_at: now + 7200 }), now);
    expect(ahead).toEqual({ ahead: true, wording: 'ahead of pace', elapsedPercent: 60, detail: '75% used, 60% of the window elapsed' });
    const behind = paceView(limit({ used_percent: 30, resets_at: now + 7200 }), now);
    expect(behind).toMatchObject({ ahead: false, wording: 'behind pace', elapsedPercent: 60 });
    // Weekly: 3 of 7 days elapsed.
    expect(paceView(limit({ window: '7d', window_minutes: 10_080, used_percent: 50, resets_at: now + 4 * 86_400 }), now)).toMatchObject({ wording: 'ahead of pace', elapsedPercent: 42.86 });
  });

  it('has no pace for a window that has reset (even since the snapshot) or whose reset time is unknown', () => {
    expect(paceView(limit({ used_percent: 90, resets_at: now - 1 }), now)).toBeNull();
    expect(paceView(limit({ resets_at: null }), now)).toBeNull();
  });

  it('names windows, sources, limit sources and gauge levels', () => {
    expect([windowTitle('5h'), windowTitle('7d'), windowTitle('90m'), windowTitle('odd')]).toEqual(['5-hour', 'weekly', '90-minute', 'odd']);
    expect([sourceTitle('statusline'), sourceTitle('codex'), sourceTitle('other')]).toEqual(['status line', 'Codex rollouts', 'other']);
    expect([limitSourceTitle('plan'), limitSourceTitle('p90'), limitSourceTitle('none')]).toEqual(['plan', 'p90 estimate', 'none']);
    expect([level(40), level(85), level(100), level(105)]).toEqual(['ok', 'near', 'over', 'over']);
    expect([formatPercent(63.5), formatPercent(63.54), formatPercent(105)]).toEqual(['63.5%', '63.5%', '105%']);
  });
});

describe('measured against estimated', () => {
  const blocks = (current: CurrentBlock | null): AgentBlocks => ({ current, recent: [] });

  it('lets a measured 5-hour limit win over the block estimate, keeping the estimate beside it', () => {
    const [claude] = agentLimits([limit({ window: '7d', window_minutes: 10_080, used_percent: 20, resets_at: now + 86_400 }), limit()], { 'claude-code': blocks(block()) }, now);
    expect(claude?.fiveHour).toBe('measured');
    expect(claude?.main5h?.used_percent).toBe(63.5);
    expect(claude?.measured.map((l) => l.window)).toEqual(['5h', '7d']);
    expect(claude?.estimate?.usedPercent).toBeCloseTo((10_000 / 44_000) * 100);
  });

  it('leads with the estimate when the agent reports no 5-hour limit, and with nothing when it has neither', () => {
    const rows = agentLimits([limit({ agent: 'codex', window: '7d', window_minutes: 10_080, source: 'codex' })], { 'claude-code': blocks(block()), 'gemini-cli': blocks(null) }, now);
    expect(rows.map((r) => [r.agent, r.fiveHour])).toEqual([
      ['claude-code', 'estimated'],
      ['codex', 'none'],
    ]);
  });

  it('takes the newest 5-hour report as the main gauge when several machines report', () => {
    const older = limit({ machine: 'desk', used_percent: 10, updated_at: now - 600 });
    const newer = limit({ machine: 'laptop', used_percent: 70, updated_at: now - 5 });
    const [row] = agentLimits([older, newer], {}, now);
    expect(row?.main5h?.machine).toBe('laptop');
    expect(row?.measured.map((l) => l.machine)).toEqual(['laptop', 'desk']);
  });

  it('estimates a block against its token limit, now and projected, and has no percentage without a limit', () => {
    const est = blockEstimate(block(), now);
    expect(est.usedPercent).toBeCloseTo(22.73, 2);
    expect(est.projectedPercent).toBeCloseTo(131.82, 2);
    expect(est.projectedOver).toBe(true);
    expect(est.endText).toBe('ends in 4 h');
    const none = blockEstimate(block({ token_limit: null, limit_source: 'none' }), now);
    expect([none.usedPercent, none.projectedPercent, none.projectedOver]).toEqual([null, null, false]);
    expect(blockEstimate(block({ end: now - 1 }), now).endText).toBe('ended');
  });
});
