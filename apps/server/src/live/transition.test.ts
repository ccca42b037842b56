import { describe, expect, it } from 'vitest';
import type { LiveRow } from '../store/live.js';
import { isVisibleChange, nextLiveRow, type LiveSignal } from './transition.js';

const s = (o: Partial<LiveSignal>): LiveSignal => ({ sessionId: 's', agent: 'claude-code', project: '/p', ts: 100, ...o });
const run = (...signals: Array<Partial<LiveSignal>>): LiveRow | null =>
  signals.reduce<LiveRow | null>((row, o, i) => nextLiveRow(row, s({ ts: 100 + i, ...o })), null);

describe('nextLiveRow', () => {
  it('keeps since while the state stays, and moves it when the state changes', () => {
    const a = run({ state: 'working' }, { state: 'working', tool: 'Read' }, { state: 'needs_input', message: 'why' });
    expect(a).toMatchObject({ state: 'needs_input', since: 102, tool: 'Read', message: 'why', lastEventAt: 102 });
    expect(run({ state: 'working' }, { state: 'working', tool: 'Read' })).toMatchObject({ since: 100, tool: 'Read' });
  });

  it('drops the tool, the message and the subagents when the session stops working', () => {
    const row = run({ state: 'working', tool: 'Bash', subagentStart: { id: 'a', type: 'x' } }, { state: 'needs_input', message: 'm' }, { state: 'idle' });
    expect(row).toMatchObject({ state: 'idle', tool: null, message: null, subagents: [] });
  });

  it('a permission request’s own wording gives way to the notification’s, and stays when the notification came first', () => {
    const wording = { state: 'needs_input' as const, tool: 'Bash', fallbackMessage: 'Permission requested to use Bash' };
    expect(run(wording)?.message).toBe('Permission requested to use Bash');
    expect(run(wording, { state: 'needs_input', message: 'Claude needs your permission to use Bash' })?.message).toBe('Claude needs your permission to use Bash');
    expect(run({ state: 'needs_input', message: 'Claude needs your permission to use Bash' }, wording)?.message).toBe('Claude needs your permission to use Bash');
  });

  it('a stale session wakes up working on any event; an ended one stays ended unless told otherwise', () => {
    const stale: LiveRow = { ...(run({ state: 'working' }) as LiveRow), state: 'stale' };
    expect(nextLiveRow(stale, s({ ts: 200 }))).toMatchObject({ state: 'working', since: 200 });
    const ended = run({ state: 'ended' }, {});
    expect(ended?.state).toBe('ended');
    expect(run({ state: 'ended' }, { state: 'idle' })?.state).toBe('idle');
  });

  it('adds each subagent once and removes it on its stop; the time of the last event never goes back', () => {
    const row = run(
      { state: 'working', subagentStart: { id: 'a', type: 'Explore' } },
      { subagentStart: { id: 'a', type: 'Explore' } },
      { subagentStart: { id: 'b', type: null } },
      { subagentStop: 'a' },
    );
    expect(row?.subagents).toEqual([{ id: 'b', type: null }]);
    expect(nextLiveRow(row, s({ ts: 50 })).lastEventAt).toBe(103);
  });

  it('a change is visible when the state, the tool or the message changed, not only the time', () => {
    const a = run({ state: 'working' }) as LiveRow;
    expect(isVisibleChange(null, a)).toBe(true);
    expect(isVisibleChange(a, { ...a, lastEventAt: 500 })).toBe(false);
    expect(isVisibleChange(a, { ...a, tool: 'Read' })).toBe(true);
  });
});
