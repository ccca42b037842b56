import type { LiveSession } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { formatWait, newlyWaiting, orderLive, sessionLabel, titleWith } from './live-sessions';

const s = (id: string, state: LiveSession['state'], since: number, last = since): LiveSession => ({
  session_id: id,
  agent: 'claude-code',
  project: `/w/${id}`,
  state,
  since,
  tool: null,
  message: null,
  subagents: [],
  last_event_at: last,
});

describe('live sessions', () => {
  it('orders needing input first (longest wait first), then working, idle, stale, ended', () => {
    const order = orderLive([s('i', 'idle', 5), s('w', 'working', 1, 9), s('n2', 'needs_input', 8), s('st', 'stale', 1), s('n1', 'needs_input', 3), s('w2', 'working', 1, 10), s('e', 'ended', 1)]);
    expect(order.map((x) => x.session_id)).toEqual(['n1', 'n2', 'w2', 'w', 'i', 'st', 'e']);
  });

  it('formats waits, labels, the title, and finds sessions that just started waiting', () => {
    expect([formatWait(5), formatWait(125), formatWait(3_900)]).toEqual(['5s', '2m', '1h 5m']);
    expect(sessionLabel({ project: '/home/dev/shop/', session_id: 'abc' })).toBe('shop');
    expect(sessionLabel({ project: null, session_id: '0123456789abcdef' })).toBe('0123456789ab');
    expect(titleWith(2, 'AMIGA Monitor')).toBe('(2) AMIGA Monitor');
    expect(titleWith(0, 'AMIGA Monitor')).toBe('AMIGA Monitor');
    expect(newlyWaiting(new Set(['a']), [s('a', 'needs_input', 1), s('b', 'needs_input', 1), s('c', 'working', 1)]).map((x) => x.session_id)).toEqual(['b']);
  });
});
