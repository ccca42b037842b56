import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLeft, MINIMAL_LINE, parseStatusInput, statusLine } from './statusline-line.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../test-support/fixtures/statusline');
const fixture = (name: string) => parseStatusInput(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const T = 1_764_690_000;

describe('the status line', () => {
  it('shows model, cost, both windows with the time to reset, and context use', () => {
    const line = fixture('subscriber.json'); // 5h resets at T + 10200 (2h50m), 7d at T + 411600 (4d18h)
    expect(statusLine(line, T)).toBe('Opus 4.6 · $3.42 · 5h 64% (resets 2h50m) · 7d 105% (4d18h) · ctx 42%');
  });

  it('leaves out what the JSON does not carry (no rate_limits before the first response, or without a subscription)', () => {
    expect(statusLine(fixture('first-render.json'), T)).toBe('Sonnet 4.6 · $0.00');
    expect(statusLine({}, T)).toBe('Claude');
    expect(statusLine({ model: { id: 'claude-haiku-4-5' }, context_window: { remaining_percentage: 70 } }, T)).toBe('claude-haiku-4-5 · ctx 30%');
  });

  it('shows a window whose reset time has passed as reset, and one without a reset time by its percentage', () => {
    const line = { rate_limits: { five_hour: { used_percentage: 90, resets_at: T - 1 }, seven_day: { used_percentage: 12.4 } } };
    expect(statusLine(line, T)).toBe('Claude · 5h reset · 7d 12%');
  });

  it('reads a reset time in milliseconds or as an ISO string, like the server', () => {
    const line = { rate_limits: { five_hour: { used_percentage: 5, resets_at: (T + 1800) * 1000 }, seven_day: { used_percentage: 6, resets_at: new Date((T + 90_000) * 1000).toISOString() } } };
    expect(statusLine(line, T)).toBe('Claude · 5h 5% (resets 30m) · 7d 6% (1d1h)');
  });

  it('ignores fields of the wrong type instead of failing', () => {
    const line = { model: 'opus', cost: { total_cost_usd: 'lots' }, rate_limits: { five_hour: { used_percentage: '42' }, seven_day: null }, context_window: [] };
    expect(statusLine(line, T)).toBe('Claude');
  });

  it('is the minimal line for stdin that is empty, not JSON or not an object', () => {
    for (const text of ['', '  \n', '{"a": ', '[1]', '"x"', '42', 'null']) expect(parseStatusInput(text), text).toBeNull();
    expect(statusLine(null, T)).toBe(MINIMAL_LINE);
  });

  it('formats the time left', () => {
    expect([30, 60, 42 * 60, 3600, 72 * 60, 86_399, 86_400, (3 * 24 + 4) * 3600].map(formatLeft)).toEqual(['<1m', '1m', '42m', '1h0m', '1h12m', '23h59m', '1d0h', '3d4h']);
  });
});
