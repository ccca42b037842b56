import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextLiveRow, type LiveSignal } from '../live/transition.js';
import type { LiveChange, LiveRow, LiveWrite } from '../store/live.js';
import type { Store } from '../store/store.js';
import { NOW, tool, windowOf } from './store-contract.js';

/**
 * What every Store must do with live session state (store/live.ts), run against each
 * implementation; `open` returns a new, empty store for each test.
 */
const signal = (sessionId: string, o: Partial<LiveSignal> = {}): LiveSignal => ({ sessionId, agent: 'claude-code', project: '/p', ts: NOW, ...o });
const apply = (sessionId: string, o: Partial<LiveSignal> = {}, log = true): LiveWrite => ({
  kind: 'apply',
  sessionId,
  next: (previous) => nextLiveRow(previous, signal(sessionId, o)),
  ...(log ? { log: { ts: o.ts ?? NOW, sessionId, event: 'Test', tool: o.tool ?? null, detail: '{}' } } : {}),
});
const query = { since: NOW - 86_400, endedSince: NOW - 600, limit: 50 };

export function describeLiveStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: live session state`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const live = (w: LiveWrite) => store.ingest([], { live: w });
    const rows = async () => (await store.readLive!(query)).sessions;

    it('writes each session’s row from the one stored, in the batch’s transaction, and tells listeners what changed', async () => {
      const heard: LiveChange[][] = [];
      store.onCommit((_events, _origin, changes) => heard.push([...changes]));
      const v = store.version;
      const first = await live(apply('s1', { state: 'working', ts: NOW - 30 }));
      expect(first.live?.[0]?.previous).toBeNull();
      expect(first.live?.[0]?.next).toMatchObject({ sessionId: 's1', state: 'working', since: NOW - 30 });
      const second = await live(apply('s1', { state: 'needs_input', tool: 'Bash', message: 'Claude needs your permission to use Bash', ts: NOW - 10 }));
      expect(second.live?.[0]?.previous).toMatchObject({ state: 'working' });
      expect(store.version).toBe(v + 2);
      expect(heard.map((h) => h.map((c) => c.next.state))).toEqual([['working'], ['needs_input']]);
      expect(await rows()).toEqual<LiveRow[]>([
        {
          sessionId: 's1',
          agent: 'claude-code',
          project: '/p',
          state: 'needs_input',
          since: NOW - 10,
          tool: 'Bash',
          message: 'Claude needs your permission to use Bash',
          subagents: [],
          lastEventAt: NOW - 10,
        },
      ]);
    });

    it('writes several live writes of one batch in order, one session twice included (a file source reading many lines)', async () => {
      const result = await store.ingest([], {
        live: [apply('a', { state: 'working', ts: NOW - 20 }, false), apply('b', { state: 'working', ts: NOW - 15 }, false), apply('a', { state: 'idle', ts: NOW - 5 }, false)],
      });
      expect(result.live?.map((c) => [c.next.sessionId, c.previous?.state ?? null, c.next.state])).toEqual([
        ['a', null, 'working'],
        ['b', null, 'working'],
        ['a', 'working', 'idle'],
      ]);
      expect((await rows()).map((r) => [r.sessionId, r.state, r.since])).toEqual([
        ['a', 'idle', NOW - 5],
        ['b', 'working', NOW - 15],
      ]);
    });

    it('keeps subagents and odd strings as given', async () => {
      await live(apply('s"2\'', { state: 'working', subagentStart: { id: 'a,1', type: 'code-reviewer' }, message: 'emoji 🚀 "quoted" \\ NULL' }));
      expect((await rows())[0]).toMatchObject({ sessionId: 's"2\'', subagents: [{ id: 'a,1', type: 'code-reviewer' }], message: 'emoji 🚀 "quoted" \\ NULL' });
    });

    it('lists newest first within the limit, counts every listed session, hides old ones and ended ones after a while', async () => {
      await live(apply('old', { state: 'idle', ts: NOW - 90_000 }));
      await live(apply('ended-long-ago', { state: 'ended', ts: NOW - 700 }));
      await live(apply('ended-now', { state: 'ended', ts: NOW - 100 }));
      await live(apply('a', { state: 'working', ts: NOW - 50 }));
      await live(apply('b', { state: 'idle', ts: NOW - 40 }));
      await live(apply('c', { state: 'needs_input', ts: NOW - 20 }));
      const list = await store.readLive!({ ...query, limit: 2 });
      expect(list.sessions.map((r) => r.sessionId)).toEqual(['c', 'b']);
      expect(list.counts).toEqual({ working: 1, needs_input: 1, idle: 1, stale: 0, ended: 1 });
    });

    it('a sweep marks silent working sessions stale, once', async () => {
      await live(apply('busy', { state: 'working', tool: 'Bash', ts: NOW - 900 }));
      await live(apply('waiting', { state: 'needs_input', ts: NOW - 900 }));
      await live(apply('fresh', { state: 'working', ts: NOW - 5 }));
      const swept = await live({ kind: 'sweep', staleBefore: NOW - 600, now: NOW });
      expect(swept.live?.map((c) => [c.previous?.state, c.next.sessionId, c.next.state, c.next.since, c.next.tool])).toEqual([['working', 'busy', 'stale', NOW, null]]);
      const v = store.version;
      expect((await live({ kind: 'sweep', staleBefore: NOW - 600, now: NOW + 1 })).live).toEqual([]);
      expect(store.version).toBe(v);
      // Its next event wakes it up.
      await live(apply('busy', { ts: NOW + 2 }));
      expect((await rows()).find((r) => r.sessionId === 'busy')?.state).toBe('working');
    });

    it('writes nothing of a live write whose batch fails', async () => {
      const failing: LiveWrite = {
        kind: 'apply',
        sessionId: 'boom',
        next: () => {
          throw new Error('boom');
        },
      };
      await expect(live(failing)).rejects.toThrow('boom');
      expect(await rows()).toEqual([]);
    });

    it('concurrent writes to one session each see the one before (none is lost)', async () => {
      const count = 20;
      await Promise.all(
        Array.from({ length: count }, (_, i) =>
          live({
            kind: 'apply',
            sessionId: 'racy',
            next: (previous) => ({ ...nextLiveRow(previous, signal('racy', { state: 'working' })), subagents: [...(previous?.subagents ?? []), { id: `a${i}`, type: null }] }),
          }),
        ),
      );
      expect((await rows())[0]?.subagents).toHaveLength(count);
    });
  });

  describe(`${name}: a tool call reported twice (transcript and hook)`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    const tools = async () => (await store.readWindow(windowOf(1))).tools;
    const fromTranscript = (callId: string, o = {}) => tool({ callId, tool: 'Bash', sessionId: 's1', success: null, durationMs: null, ...o });
    const fromHook = (callId: string, success: boolean, durationMs: number) => tool({ callId, tool: 'Bash', sessionId: 's1', success, durationMs, ts: NOW - 30 });

    it('is counted once, and the later report fills in its outcome: one failed call more, at the first report', async () => {
      expect(await store.ingest([fromTranscript('claude:toolu_1')])).toEqual({ stored: 1, duplicates: 0 });
      const v = store.version;
      expect(await store.ingest([fromHook('claude:toolu_1', false, 40)])).toEqual({ stored: 0, duplicates: 0, merged: 1 });
      expect(store.version).toBe(v + 1);
      expect(await tools()).toEqual([{ tool: 'Bash', calls: 1, failed: 1 }]);
      // A known outcome is never changed: a third report is a duplicate.
      expect(await store.ingest([fromHook('claude:toolu_1', true, 99)])).toEqual({ stored: 0, duplicates: 1 });
      expect(await tools()).toEqual([{ tool: 'Bash', calls: 1, failed: 1 }]);
      const session = (await store.readWindow(windowOf(1))).sessions.find((x) => x.sessionId === 's1');
      expect(session?.toolCalls).toBe(1);
    });

    it('the hook first, the transcript after: one call, its outcome kept; both in one batch alike', async () => {
      expect(await store.ingest([fromHook('claude:toolu_2', false, 350)])).toEqual({ stored: 1, duplicates: 0 });
      expect(await store.ingest([fromTranscript('claude:toolu_2')])).toEqual({ stored: 0, duplicates: 1 });
      expect(await store.ingest([fromTranscript('claude:toolu_3'), fromHook('claude:toolu_3', false, 20), fromHook('claude:toolu_3', false, 20)])).toEqual({
        stored: 1,
        duplicates: 1,
        merged: 1,
      });
      expect(await tools()).toEqual([{ tool: 'Bash', calls: 2, failed: 2 }]);
    });

    it('a success filled in counts no failure; concurrent reports of many calls count each once', async () => {
      await store.ingest([fromTranscript('claude:ok')]);
      expect(await store.ingest([fromHook('claude:ok', true, 10)])).toMatchObject({ merged: 1 });
      const ids = Array.from({ length: 30 }, (_, i) => `claude:c${i}`);
      await Promise.all([
        ...ids.map((id) => store.ingest([fromTranscript(id)])),
        ...ids.map((id, i) => store.ingest([fromHook(id, i % 3 !== 0, 5)])),
      ]);
      expect(await tools()).toEqual([{ tool: 'Bash', calls: 31, failed: 10 }]);
    });
  });
}
