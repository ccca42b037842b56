import { describe, expect, it } from 'vitest';
import { ingestBody, ingestEvent } from './ingest.js';
import { INGEST_MAX_EVENTS } from './limits.js';

describe('ingest schemas', () => {
  it('accepts each event type with only its required fields', () => {
    for (const event of [
      { type: 'task', id: 't1', status: 'running' },
      { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 10, output_tokens: 5 },
      { type: 'tool_call', tool: 'Read' },
      { type: 'activity', description: 'deployed' },
    ]) {
      expect(ingestEvent.safeParse(event).success, JSON.stringify(event)).toBe(true);
    }
  });

  it('refuses wrong types with a path naming the field', () => {
    const result = ingestEvent.safeParse({ type: 'task', id: 't1', status: 'sleeping' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['status']);
    const tokens = ingestEvent.safeParse({ type: 'api_request', model: 'm', input_tokens: -1, output_tokens: 1.5 });
    expect(tokens.error?.issues.map((i) => i.path[0]).sort()).toEqual(['input_tokens', 'output_tokens']);
  });

  it('refuses millisecond timestamps and unknown types', () => {
    expect(ingestEvent.safeParse({ type: 'activity', description: 'x', timestamp: Date.now() }).success).toBe(false);
    expect(ingestEvent.safeParse({ type: 'activity', description: 'x', timestamp: Date.now() / 1000 }).success).toBe(true);
    expect(ingestEvent.safeParse({ type: 'bogus' }).success).toBe(false);
  });

  it('takes one event or a bounded, non-empty array', () => {
    expect(ingestBody.safeParse({ type: 'tool_call', tool: 'Bash' }).success).toBe(true);
    expect(ingestBody.safeParse([]).success).toBe(false);
    const many = Array.from({ length: INGEST_MAX_EVENTS + 1 }, () => ({ type: 'tool_call', tool: 'Bash' }));
    expect(ingestBody.safeParse(many).success).toBe(false);
    expect(ingestBody.safeParse(many.slice(1)).success).toBe(true);
  });
});
