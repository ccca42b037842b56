import { describe, expect, it } from 'vitest';
import type { LiveRow } from '../store/live.js';
import { codexLiveWrite, codexSignal } from './codex-states.js';

describe('codexSignal', () => {
  it('maps a turn, an approval, a command and the end of the turn', () => {
    expect(codexSignal({ type: 'task_started' })?.state).toBe('working');
    expect(codexSignal({ type: 'exec_approval_request', command: ['bash', '-lc', 'rm -rf build'] })).toEqual({
      state: 'needs_input',
      tool: 'shell',
      message: 'Codex asks to run rm',
    });
    expect(codexSignal({ type: 'apply_patch_approval_request' })?.state).toBe('needs_input');
    expect(codexSignal({ type: 'exec_command_begin' })).toEqual({ state: 'working', tool: 'shell' });
    expect(codexSignal({ type: 'task_complete' })).toEqual({ state: 'idle', message: null });
    expect(codexSignal({ type: 'turn_aborted', reason: 'interrupted' })?.message).toBe('turn aborted: interrupted');
    expect(codexSignal({ type: 'token_count' })).toBeUndefined();
    expect(codexSignal({})).toBeUndefined();
  });

  it('gives a live write whose next row is the state machine’s', () => {
    const w = codexLiveWrite({ type: 'exec_approval_request', command: 'git push' }, { sessionId: 'c1', project: '/w', ts: 10 });
    expect(w?.kind).toBe('apply');
    const row = w?.kind === 'apply' ? w.next(null) : null;
    expect(row).toMatchObject<Partial<LiveRow>>({ sessionId: 'c1', agent: 'codex', state: 'needs_input', message: 'Codex asks to run git', since: 10 });
    expect(codexLiveWrite({ type: 'agent_message' }, { sessionId: 'c1', project: null, ts: 1 })).toBeUndefined();
  });
});
