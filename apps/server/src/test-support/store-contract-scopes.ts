import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/event.js';
import type { ScopeTotals, Store, WindowData } from '../store/store.js';
import { activity, apiError, byName, MACHINE, NOW, request, task, tool, windowOf } from './store-contract.js';

/**
 * The Store contract's agents and machines (issues 13 and 19): every event is counted under
 * its agent and its machine, a window can be read for all of them or filtered to one agent
 * and/or one machine, and each agent's and machine's figures come with it. Run against
 * each implementation, as describeStoreContract; `open` is opened with `machine: MACHINE`.
 */

const H = 3600;

/** Three agents on three machines (gemini-cli's events name no machine: the store's own), some outside a 1 h window. */
function fleet(): StoredEvent[] {
  const on = (agent: string, machine?: string) => (machine === undefined ? { agent } : { agent, machine });
  return [
    // claude-code on laptop: a transcript request reported twice (merged by its largest totals), a failed tool call.
    request({ ...on('claude-code', 'laptop'), requestId: 'c1', mergeMax: true, model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 10, cacheReadTokens: 1_000, costUsd: 0.1, sessionId: 'cs1', project: '/p/c' }),
    request({ ...on('claude-code', 'laptop'), requestId: 'c1', mergeMax: true, model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 40, cacheReadTokens: 1_000, costUsd: 0.2, sessionId: 'cs1', project: '/p/c', ts: NOW - 50 }),
    tool({ ...on('claude-code', 'laptop'), tool: 'Bash', success: false, sessionId: 'cs1', ts: NOW - 40 }),
    // codex on laptop and on a build server; reasoning inside output; one unpriced.
    request({ ...on('codex', 'laptop'), model: 'gpt-5-codex', inputTokens: 200, outputTokens: 80, reasoningTokens: 30, cacheReadTokens: 500, costUsd: 0.3, sessionId: 'x1', ts: NOW - 120 }),
    request({ ...on('codex', 'build-01'), model: 'gpt-5-codex', inputTokens: 300, outputTokens: 90, reasoningTokens: 60, costUsd: null, sessionId: 'x2', ts: NOW - 30 }),
    tool({ ...on('codex', 'build-01'), tool: 'shell', sessionId: 'x2', ts: NOW - 29 }),
    tool({ ...on('codex', 'build-01'), tool: 'Bash', sessionId: 'x2', ts: NOW - 28 }),
    apiError({ ...on('codex', 'build-01'), model: 'gpt-5-codex', ts: NOW - 27 }),
    task('build', 'running', NOW - 26, on('codex', 'build-01')),
    { ...activity('codex says hi', NOW - 25), ...on('codex', 'build-01') },
    // gemini-cli, no machine named: the store's.
    request({ ...on('gemini-cli'), model: 'gemini-2.5-pro', inputTokens: 400, outputTokens: 20, reasoningTokens: 5, cacheReadTokens: 100, costUsd: 0.05, sessionId: 'g1', ts: NOW - 300 }),
    { ...activity('gemini line', NOW - 5), ...on('gemini-cli') },
    // An old codex session on a third machine: outside a 1 h window.
    request({ ...on('codex', 'old-box'), model: 'gpt-5-codex', inputTokens: 7, outputTokens: 7, costUsd: 0.07, sessionId: 'x-old', ts: NOW - 5 * H }),
  ];
}

const named = (scopes: readonly ScopeTotals[] | undefined): Record<string, ScopeTotals> => Object.fromEntries((scopes ?? []).map((s) => [s.name, s]));

export function describeScopeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: agents and machines`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.ingest(fleet());
    });
    afterEach(async () => {
      await store.close();
    });

    it('unfiltered: the v1 totals cover every agent, and each agent and machine has its own figures', async () => {
      const w = await store.readWindow(windowOf(1));
      const models = byName(w.models);
      expect(models['claude-sonnet-4-5']).toMatchObject({ requests: 1, inputTokens: 100, outputTokens: 40, cacheReadTokens: 1_000, costUsd: 0.2 });
      expect(models['gpt-5-codex']).toMatchObject({ requests: 2, inputTokens: 500, outputTokens: 170, reasoningTokens: 90, unpricedRequests: 1 });
      expect(models['gemini-2.5-pro']).toMatchObject({ requests: 1, reasoningTokens: 5 });
      expect(byName(w.tools)).toEqual({ Bash: { tool: 'Bash', calls: 2, failed: 1 }, shell: { tool: 'shell', calls: 1, failed: 0 } });
      expect(w.sessionCount).toBe(4);
      expect(w.apiErrors).toBe(1);

      const agents = named(w.agents);
      expect(Object.keys(agents).sort()).toEqual(['claude-code', 'codex', 'gemini-cli']);
      expect(agents['claude-code']).toMatchObject({ requests: 1, inputTokens: 100, outputTokens: 40, cacheReadTokens: 1_000, costUsd: 0.2, toolCalls: 1, failedToolCalls: 1, sessions: 1 });
      expect(agents.codex).toMatchObject({ requests: 2, inputTokens: 500, outputTokens: 170, cacheReadTokens: 500, reasoningTokens: 90, unpricedRequests: 1, toolCalls: 2, failedToolCalls: 0, sessions: 2, lastSeen: NOW - 25 });
      expect(agents.codex?.costUsd).toBeCloseTo(0.3, 9);
      expect(agents['gemini-cli']).toMatchObject({ requests: 1, reasoningTokens: 5, sessions: 1, toolCalls: 0, lastSeen: NOW - 5 });

      const machines = named(w.machines);
      expect(Object.keys(machines).sort()).toEqual(['build-01', MACHINE, 'laptop'].sort());
      expect(machines.laptop).toMatchObject({ requests: 2, inputTokens: 300, outputTokens: 120, toolCalls: 1, sessions: 2, lastSeen: NOW - 40 });
      expect(machines['build-01']).toMatchObject({ requests: 1, inputTokens: 300, toolCalls: 2, sessions: 1, lastSeen: NOW - 25 });
      expect(machines[MACHINE]).toMatchObject({ requests: 1, sessions: 1, lastSeen: NOW - 5 });

      const sessions = Object.fromEntries(w.sessions.map((s) => [s.sessionId, s]));
      expect(sessions.cs1).toMatchObject({ agent: 'claude-code', machine: 'laptop', requests: 1, outputTokens: 40, toolCalls: 1 });
      expect(sessions.x2).toMatchObject({ agent: 'codex', machine: 'build-01' });
      expect(sessions.g1).toMatchObject({ agent: 'gemini-cli', machine: MACHINE });
    });

    it('cost per session project: a merged repeat once, sessions without a project together, the window bounding it, equal to the listed sessions\' sums', async () => {
      const costs = async (hours: number) => {
        const w = windowOf(hours);
        const rows = (await store.readProjectCosts?.(w.since, w.until)) ?? [];
        return Object.fromEntries(rows.map((r) => [r.project ?? '(none)', Math.round(r.costUsd * 1e9) / 1e9]));
      };
      expect(await costs(1)).toEqual({ '/p/c': 0.2, '(none)': 0.35 });
      expect(await costs(6)).toEqual({ '/p/c': 0.2, '(none)': 0.42 });
      const listed = await store.readWindow(windowOf(6));
      const bySessions: Record<string, number> = {};
      for (const s of listed.sessions) bySessions[s.project ?? '(none)'] = Math.round(((bySessions[s.project ?? '(none)'] ?? 0) + s.costUsd) * 1e9) / 1e9;
      expect(await costs(6)).toEqual(bySessions);
    });

    it('filtered to one agent: only its events, on every machine it ran on', async () => {
      const w = await store.readWindow(windowOf(1, { agent: 'codex' }));
      expect(w.models.map((m) => m.model)).toEqual(['gpt-5-codex']);
      expect(w.models[0]).toMatchObject({ requests: 2, inputTokens: 500, reasoningTokens: 90 });
      expect(byName(w.tools)).toEqual({ Bash: { tool: 'Bash', calls: 1, failed: 0 }, shell: { tool: 'shell', calls: 1, failed: 0 } });
      expect(w.sessionCount).toBe(2);
      expect(w.sessions.map((s) => s.sessionId)).toEqual(['x2', 'x1']);
      expect(w.activity.map((a) => a.description)).toEqual([
        'codex says hi',
        'Task build running',
        'API error: overloaded',
        'Tool call: Bash',
        'Tool call: shell',
        'API request to gpt-5-codex: 300 in / 90 out',
        'API request to gpt-5-codex: 200 in / 80 out',
      ]);
      expect(w.taskCounts.running).toBe(1);
      expect(w.recentTasks.map((t) => t.id)).toEqual(['build']);
      expect(w.apiErrors).toBe(1);
      expect(Object.keys(named(w.agents))).toEqual(['codex']);
      const machines = named(w.machines);
      expect(Object.keys(machines).sort()).toEqual(['build-01', 'laptop']);
      expect(machines.laptop).toMatchObject({ requests: 1, inputTokens: 200, toolCalls: 0, sessions: 1 });
      expect(machines['build-01']).toMatchObject({ requests: 1, inputTokens: 300, toolCalls: 2, sessions: 1 });
      expect(w.series.models.reduce((n, p) => n + p.requests, 0)).toBe(2);
    });

    it('filtered to one machine, and to an agent on a machine', async () => {
      const laptop = await store.readWindow(windowOf(1, { machine: 'laptop' }));
      expect(laptop.models.map((m) => m.model)).toEqual(['claude-sonnet-4-5', 'gpt-5-codex']);
      expect(laptop.tools).toEqual([{ tool: 'Bash', calls: 1, failed: 1 }]);
      expect(laptop.sessionCount).toBe(2);
      expect(Object.keys(named(laptop.agents)).sort()).toEqual(['claude-code', 'codex']);
      expect(named(laptop.agents).codex).toMatchObject({ requests: 1, inputTokens: 200, sessions: 1 });
      expect(Object.keys(named(laptop.machines))).toEqual(['laptop']);
      expect(laptop.taskCounts.running).toBe(0);

      const both = await store.readWindow(windowOf(1, { agent: 'codex', machine: 'build-01' }));
      expect(both.models).toEqual([expect.objectContaining({ model: 'gpt-5-codex', requests: 1, inputTokens: 300, unpricedRequests: 1 })]);
      expect(both.tools.map((t) => t.tool)).toEqual(['Bash', 'shell']);
      expect(both.sessions.map((s) => s.sessionId)).toEqual(['x2']);
      expect(named(both.machines)['build-01']).toMatchObject({ requests: 1, toolCalls: 2, sessions: 1, lastSeen: NOW - 25 });

      // The store's own machine: events that named none.
      const own = await store.readWindow(windowOf(1, { machine: MACHINE }));
      expect(own.models.map((m) => m.model)).toEqual(['gemini-2.5-pro']);
      expect(own.activity.map((a) => a.description)).toEqual(['gemini line', 'API request to gemini-2.5-pro: 400 in / 20 out']);
    });

    it('an agent or machine not heard from in the window reads as an empty window', async () => {
      for (const filter of [{ agent: 'never-seen' }, { machine: 'old-box' }, { agent: 'gemini-cli', machine: 'laptop' }]) {
        const w: WindowData = await store.readWindow(windowOf(1, filter));
        expect(w).toMatchObject({ models: [], tools: [], sessionCount: 0, sessions: [], activity: [], recentTasks: [], apiErrors: 0, agents: [], machines: [] });
        expect(w.series).toEqual({ models: [], tools: [] });
      }
      // The old machine is there over a longer window.
      const week = await store.readWindow(windowOf(168, { machine: 'old-box' }));
      expect(week.models).toEqual([expect.objectContaining({ model: 'gpt-5-codex', requests: 1, costUsd: 0.07 })]);
      expect(named(week.machines)['old-box']).toMatchObject({ requests: 1, sessions: 1, lastSeen: NOW - 5 * H });
    });

    it('series and history ranges by filter', async () => {
      const from = Math.floor((NOW - 2 * H) / 60) * 60;
      const to = Math.ceil(NOW / 60) * 60 + 60;
      for (const bucket of [300, 3600]) {
        const all = await store.readSeries(from, to, bucket);
        const codex = await store.readSeries(from, to, bucket, { agent: 'codex' });
        const build = await store.readSeries(from, to, bucket, { agent: 'codex', machine: 'build-01' });
        const sum = (s: WindowData['series']) => s.models.reduce((n, p) => n + p.requests, 0);
        expect([sum(all), sum(codex), sum(build)]).toEqual([4, 2, 1]);
        expect(build.tools.reduce((n, p) => n + p.calls, 0)).toBe(2);
        expect(await store.readSeries(from, to, bucket, { agent: 'nobody' })).toEqual({ models: [], tools: [] });
      }
    });

    it('a merged repeat grows its own agent and machine, and a later batch adds to them', async () => {
      await store.ingest([
        request({ agent: 'claude-code', machine: 'laptop', requestId: 'c1', mergeMax: true, model: 'claude-sonnet-4-5', inputTokens: 100, outputTokens: 100, cacheReadTokens: 1_000, costUsd: 0.5, sessionId: 'cs1', ts: NOW - 20 }),
        request({ agent: 'claude-code', machine: 'build-01', model: 'claude-sonnet-4-5', inputTokens: 1, outputTokens: 1, costUsd: 0.01, sessionId: 'cs2', ts: NOW - 10 }),
      ]);
      const w = await store.readWindow(windowOf(1, { agent: 'claude-code' }));
      expect(w.models[0]).toMatchObject({ requests: 2, outputTokens: 101 });
      const machines = named(w.machines);
      expect(machines.laptop).toMatchObject({ requests: 1, outputTokens: 100, costUsd: 0.5, lastSeen: NOW - 20 });
      expect(machines['build-01']).toMatchObject({ requests: 1, outputTokens: 1, sessions: 1 });
      expect(named((await store.readWindow(windowOf(1))).agents)['claude-code']).toMatchObject({ requests: 2, outputTokens: 101, sessions: 2 });
    });
  });
}
