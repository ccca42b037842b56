import type { SessionSummary } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { nextSort, sortSessions } from './sort';

const session = (id: string, project: string | null, cost: number, requests: number): SessionSummary => ({
  session_id: id,
  project,
  model: null,
  requests,
  input_tokens: requests * 10,
  output_tokens: 0,
  cache_creation_tokens: 0,
  cache_read_tokens: 0,
  cost_usd: cost,
  tool_calls: 0,
  first_seen: 0,
  last_seen: 0,
});

describe('sortSessions', () => {
  const list = [session('a', 'web', 1, 5), session('b', 'api', 3, 5), session('c', null, 2, 9)];

  it('sorts numbers and text both ways without touching the input', () => {
    expect(sortSessions(list, 'cost_usd', 'desc').map((s) => s.session_id)).toEqual(['b', 'c', 'a']);
    expect(sortSessions(list, 'project', 'asc').map((s) => s.session_id)).toEqual(['c', 'b', 'a']);
    expect(sortSessions(list, 'tokens', 'desc').map((s) => s.session_id)).toEqual(['c', 'a', 'b']);
    expect(list.map((s) => s.session_id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps the original order on ties', () => {
    expect(sortSessions(list, 'requests', 'asc').map((s) => s.session_id)).toEqual(['a', 'b', 'c']);
  });

  it('flips the direction of the active column', () => {
    expect(nextSort({ key: 'cost_usd', dir: 'desc' }, 'cost_usd')).toEqual({ key: 'cost_usd', dir: 'asc' });
    expect(nextSort({ key: 'cost_usd', dir: 'desc' }, 'project')).toEqual({ key: 'project', dir: 'asc' });
    expect(nextSort({ key: 'project', dir: 'asc' }, 'requests')).toEqual({ key: 'requests', dir: 'desc' });
  });
});
