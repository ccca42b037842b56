import { describe, expect, it } from 'vitest';
import { EventLimit } from './socket-guard.js';

describe('EventLimit', () => {
  it('passes a burst of twice the rate, warns on the first refusal and every tenth, then disconnects a flood', () => {
    const limit = new EventLimit(5);
    const verdicts = Array.from({ length: 70 }, () => limit.take());
    expect(verdicts.slice(0, 10).every((v) => v === 'pass')).toBe(true);
    const refused = verdicts.slice(10);
    expect(refused[0]).toBe('warn');
    expect(refused.filter((v) => v === 'warn')).toHaveLength(5); // refusals 1, 10, 20, 30, 40
    expect(refused[49]).toBe('disconnect');
  });
});
