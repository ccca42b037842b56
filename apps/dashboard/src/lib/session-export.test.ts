import { describe, expect, it } from 'vitest';
import type { SessionPage } from '@amiga/protocol';
import { groupToolFailures, isActiveSession, sessionToCsv, toolCounts } from './session-export';

const page: SessionPage = {
  session: {
    session_id: 's,1',
    agent: 'claude-code',
    machine: 'box',
    project: 'p',
    models: ['m'],
    first_seen: 0,
    last_seen: 120,
    requests: 2,
    input_tokens: 30,
    output_tokens: 3,
    cache_creation_tokens: 0,
    cache_read_tokens: 0,
    reasoning_tokens: 0,
    cost_usd: 0.3,
    tool_calls: 3,
    failed_tool_calls: 2,
    state: null,
    subagents: [],
    duration: 120,
  },
  requests: [
    { ts: 0, model: 'm', input_tokens: 10, output_tokens: 1, cache_creation_tokens: 0, cache_read_tokens: 0, reasoning_tokens: 0, cost_usd: 0.1, duration_ms: null, source: 'event' },
    { ts: 100, model: 'm', input_tokens: 20, output_tokens: 2, cache_creation_tokens: 0, cache_read_tokens: 0, reasoning_tokens: 0, cost_usd: null, duration_ms: null, source: 'transcript' },
  ],
  tools: [
    { ts: 50, name: 'Bash', success: false, duration_ms: 5, error: 'exit "1"' },
    { ts: 60, name: 'Read', success: true, duration_ms: null, error: null },
    { ts: 70, name: 'Bash', success: false, duration_ms: null, error: 'exit "1"' },
  ],
  errors: [],
  timeline: [],
  next_requests_cursor: null,
  next_tools_cursor: null,
};

describe('session CSV', () => {
  it('has a row per request and tool in time order, fields quoted', () => {
    const lines = sessionToCsv(page).trimEnd().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('session_id,kind,ts,model,input_tokens,output_tokens,cache_creation_tokens,cache_read_tokens,reasoning_tokens,cost_usd,duration_ms,source,tool,success,error');
    expect(lines[1]).toBe('"s,1",request,1970-01-01T00:00:00.000Z,m,10,1,0,0,0,0.1,,event,,,');
    expect(lines[2]).toBe('"s,1",tool,1970-01-01T00:00:50.000Z,,,,,,,,5,,Bash,false,"exit ""1"""');
    expect(lines[3]).toBe('"s,1",tool,1970-01-01T00:01:00.000Z,,,,,,,,,,Read,true,');
    expect(lines[5]).toBe('"s,1",request,1970-01-01T00:01:40.000Z,m,20,2,0,0,0,,,transcript,,,');
  });
});

describe('tool failures and counts', () => {
  it('groups failures by error and tool', () => {
    expect(groupToolFailures(page.tools)).toEqual([{ error: 'exit "1"', name: 'Bash', count: 2, last: 70 }]);
    expect(groupToolFailures([])).toEqual([]);
  });
  it('counts calls per tool', () => {
    expect(toolCounts(page.tools)).toEqual([
      { name: 'Bash', calls: 2, failed: 2 },
      { name: 'Read', calls: 1, failed: 0 },
    ]);
  });
  it('knows an active session', () => {
    expect(isActiveSession({ last_seen: 100, state: null }, 200)).toBe(true);
    expect(isActiveSession({ last_seen: 100, state: null }, 1000)).toBe(false);
    expect(isActiveSession({ last_seen: 100, state: 'working' }, 10_000)).toBe(true);
    expect(isActiveSession({ last_seen: 100, state: 'ended' }, 100)).toBe(false);
  });
});
