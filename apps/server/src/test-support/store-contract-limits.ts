import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LimitReport, StatusLineSession } from '../store/limits.js';
import type { Store } from '../store/store.js';
import { NOW, request } from './store-contract.js';

const report = (o: Partial<LimitReport> = {}): LimitReport => ({
  agent: 'claude-code',
  window: '5h',
  windowMinutes: 300,
  usedPercent: 42.5,
  resetsAt: NOW + 3600,
  source: 'statusline',
  machine: 'laptop',
  observedAt: NOW - 10,
  ...o,
});

const session = (o: Partial<StatusLineSession> = {}): StatusLineSession => ({
  sessionId: 's-1',
  machine: 'laptop',
  agent: 'claude-code',
  model: 'claude-opus-4-6',
  modelName: 'Opus 4.6',
  project: '/home/u/p',
  costUsd: 1.25,
  durationMs: 60_000,
  linesAdded: 12,
  linesRemoved: 3,
  contextUsedPercent: 31.5,
  contextWindowSize: 200_000,
  version: '2.1.90',
  updatedAt: NOW - 10,
  ...o,
});

/** The limits part of the Store contract (plan limits, issue 16), for every store that keeps them. */
export function describeLimitsContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the limits contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps the newest report per agent, window and machine, whatever the order they arrive in', async () => {
      await store.recordLimits!({ limits: [report(), report({ window: '7d', windowMinutes: 10_080, usedPercent: 12, resetsAt: NOW + 86_400 })], sessions: [] });
      // Older than the one kept: ignored. Another machine: kept beside it.
      await store.recordLimits!({ limits: [report({ usedPercent: 90, observedAt: NOW - 100 }), report({ machine: 'desktop', usedPercent: 7 })], sessions: [] });
      await store.recordLimits!({ limits: [report({ usedPercent: 55.25, observedAt: NOW })], sessions: [] });
      const { limits } = await store.readLimits!();
      expect(limits.map((l) => [l.agent, l.window, l.machine, l.usedPercent])).toEqual([
        ['claude-code', '5h', 'desktop', 7],
        ['claude-code', '5h', 'laptop', 55.25],
        ['claude-code', '7d', 'laptop', 12],
      ]);
      expect(limits[1]).toEqual(report({ usedPercent: 55.25, observedAt: NOW }));
    });

    it('keeps the latest status line of each session per machine, with nulls as nulls', async () => {
      await store.recordLimits!({ limits: [], sessions: [session(), session({ machine: 'desktop', costUsd: null, model: null, linesAdded: null })] });
      await store.recordLimits!({ limits: [], sessions: [session({ costUsd: 2.5, updatedAt: NOW }), session({ costUsd: 0.1, updatedAt: NOW - 500 })] });
      const { sessions } = await store.readLimits!();
      expect(sessions).toEqual([session({ costUsd: 2.5, updatedAt: NOW }), session({ machine: 'desktop', costUsd: null, model: null, linesAdded: null })]);
    });

    it('is a commit: the version moves and listeners hear of it, with no events', async () => {
      const heard: number[] = [];
      store.onCommit((events) => heard.push(events.length));
      const v = store.version;
      await store.recordLimits!({ limits: [report()], sessions: [] });
      expect(store.version).toBe(v + 1);
      expect(heard).toEqual([0]);
      await store.recordLimits!({ limits: [], sessions: [] });
      expect(store.version).toBe(v + 1);
    });

    it('reads API requests since a time, oldest first, with their agent', async () => {
      await store.ingest([
        request({ ts: NOW - 30, agent: 'codex', inputTokens: 5, outputTokens: 6, cacheCreationTokens: 7, cacheReadTokens: 8, costUsd: 0.25 }),
        request({ ts: NOW - 7200, agent: 'claude-code' }),
        request({ ts: NOW - 60, agent: 'claude-code', costUsd: null }),
      ]);
      const points = await store.readUsage!(NOW - 3600);
      expect(points).toEqual([
        { ts: NOW - 60, agent: 'claude-code', inputTokens: 100, outputTokens: 10, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 },
        { ts: NOW - 30, agent: 'codex', inputTokens: 5, outputTokens: 6, cacheCreationTokens: 7, cacheReadTokens: 8, costUsd: 0.25 },
      ]);
    });

    it('reads a request reported again with larger totals at its largest (Claude Code transcripts)', async () => {
      const r = request({ ts: NOW - 60, agent: 'claude-code', requestId: 'msg_1', mergeMax: true, outputTokens: 10 });
      await store.ingest([r]);
      await store.ingest([{ ...r, outputTokens: 400 }]);
      expect((await store.readUsage!(NOW - 3600)).map((p) => p.outputTokens)).toEqual([400]);
    });
  });
}
