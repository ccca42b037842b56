import { describe, expect, it } from 'vitest';
import { claudeHookBody, isKnownHook } from './hooks.js';

describe('claudeHookBody', () => {
  it('accepts any event with session_id and hook_event_name, keeps unknown fields, and checks known events’ own fields', () => {
    const ok = claudeHookBody.parse({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, future_field: 1 });
    expect(ok).toMatchObject({ tool_name: 'Bash', future_field: 1 });
    expect(isKnownHook(ok)).toBe(true);
    const unknown = claudeHookBody.parse({ session_id: 's', hook_event_name: 'Brand-new', tool_name: 7 });
    expect(isKnownHook(unknown)).toBe(false);
    expect(claudeHookBody.safeParse({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 7 }).error?.issues[0]?.path).toEqual(['tool_name']);
    expect(claudeHookBody.safeParse({ session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Bash', duration_ms: -1 }).success).toBe(false);
  });

  it('refuses a non-object and a body without the common fields', () => {
    for (const body of [null, [], 'Stop', 3]) expect(claudeHookBody.safeParse(body).error?.issues[0]?.message).toMatch(/expected a JSON object/);
    expect(claudeHookBody.safeParse({ hook_event_name: 'Stop' }).error?.issues[0]?.path).toEqual(['session_id']);
    expect(claudeHookBody.safeParse({ session_id: 's' }).error?.issues[0]?.path).toEqual(['hook_event_name']);
  });
});
