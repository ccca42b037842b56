import { claudeHookBody } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { claudeSession } from '../test-support/hooks.js';
import { hookDetail, hookSignal, hookToolCall } from './claude-hooks.js';

const c = claudeSession('s1');
const parse = (body: unknown) => claudeHookBody.parse(body);

describe('hookSignal', () => {
  it('maps each event the state machine uses', () => {
    expect(hookSignal(parse(c.start()))).toEqual({ state: 'idle', message: null });
    expect(hookSignal(parse(c.start('compact')))).toEqual({});
    expect(hookSignal(parse(c.prompt('x')))?.state).toBe('working');
    expect(hookSignal(parse(c.preTool('Read', {}, 't')))).toEqual({ state: 'working', tool: 'Read', message: null });
    expect(hookSignal(parse(c.toolFailed('Bash', {}, 't')))).toEqual({ state: 'working', tool: null, message: null });
    expect(hookSignal(parse(c.permission('Bash')))).toEqual({ state: 'needs_input', message: 'Claude needs your permission to use Bash' });
    expect(hookSignal(parse(c.idlePrompt()))).toEqual({ state: 'idle', message: 'Claude is waiting for your input' });
    expect(hookSignal(parse({ ...c.permission('x'), notification_type: 'auth_success', message: 'ok' }))).toEqual({});
    expect(hookSignal(parse({ ...c.stop(), hook_event_name: 'PermissionRequest', tool_name: 'Write', tool_input: {} }))).toMatchObject({
      state: 'needs_input',
      tool: 'Write',
      fallbackMessage: 'Permission requested to use Write',
    });
    expect(hookSignal(parse(c.subagentStart('a1', 'Explore')))).toEqual({ state: 'working', subagentStart: { id: 'a1', type: 'Explore' } });
    expect(hookSignal(parse(c.subagentStop('a1', 'Explore')))).toEqual({ subagentStop: 'a1' });
    expect(hookSignal(parse(c.end('clear')))).toEqual({ state: 'ended', message: 'ended: clear' });
    expect(hookSignal(parse({ session_id: 's', hook_event_name: 'SomethingNew' }))).toBeUndefined();
  });

  it('reads notifications of versions without notification_type by their text', () => {
    const { notification_type: _, ...old } = c.permission('Bash');
    expect(hookSignal(parse(old))?.state).toBe('needs_input');
    const { notification_type: __, ...idle } = c.idlePrompt();
    expect(hookSignal(parse(idle))?.state).toBe('idle');
  });
});

describe('hookToolCall', () => {
  it('is the transcript’s tool call (same key), with its outcome and duration', () => {
    expect(hookToolCall(parse(c.postTool('Bash', { command: 'ls' }, 'toolu_9', 350)), 1000)).toMatchObject({
      type: 'tool_call',
      tool: 'Bash',
      success: true,
      durationMs: 350,
      callId: 'claude:toolu_9',
      sessionId: 's1',
      agent: 'claude-code',
      project: '/home/dev/shop',
    });
    expect(hookToolCall(parse(c.toolFailed('Bash', {}, 'toolu_8')), 1000)).toMatchObject({ success: false, durationMs: 40 });
    const { tool_use_id: _, ...noId } = c.postTool('Bash', {}, 'x');
    expect(hookToolCall(parse(noId), 1000)).toBeUndefined();
    expect(hookToolCall(parse(c.preTool('Bash', {}, 'x')), 1000)).toBeUndefined();
  });
});

describe('hookDetail', () => {
  it('keeps no prompt, input or output by default: the tool, a file tool’s path, a command’s first word, lengths', () => {
    const secret = 'export API_KEY=sk-live-123 && deploy';
    const bash = hookDetail(parse(c.preTool('Bash', { command: `  ${secret}` }, 'toolu_1')), false);
    expect(bash).toEqual({ tool: 'Bash', detail: { permission_mode: 'default', tool_use_id: 'toolu_1', command: 'export', input_chars: JSON.stringify({ command: `  ${secret}` }).length } });
    expect(JSON.stringify(bash)).not.toContain('sk-live');
    const read = hookDetail(parse(c.postTool('Read', { file_path: '/etc/passwd' }, 't2')), false);
    expect(read.detail).toMatchObject({ file: '/etc/passwd', duration_ms: 120 });
    expect(JSON.stringify(read)).not.toContain('stdout');
    const prompt = hookDetail(parse(c.prompt('my password is hunter2')), false);
    expect(prompt.detail).toEqual({ permission_mode: 'default', prompt_chars: 22 });
  });

  it('keeps the event’s own fields whole when content is stored', () => {
    const prompt = hookDetail(parse(c.prompt('my password is hunter2')), true);
    expect(prompt.detail.content).toEqual({ prompt: 'my password is hunter2' });
  });
});
