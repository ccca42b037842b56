import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/store.js';
import { NOW, request, task, tool } from './store-contract.js';

/**
 * Tasks linked to their sessions (issue 17 §3), run against each Store: links stored once
 * whatever the batch (several task events, repeats, links before and after the session's
 * events), a task's sessions with the figures the sessions API reads, and the snapshot's
 * one-query links of listed tasks. Ids with quotes, backslashes and non-ASCII text must match.
 */

const ODD = 'we"ird\\id ü';
const round = (v: number) => Math.round(v * 1e9) / 1e9;

export function describeTaskSessionsContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: tasks linked to their sessions`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it("gives a task its sessions' figures, linked before and after the sessions appear", async () => {
      // Linked before s1 is heard from, in one batch with a repeat of the same link.
      await store.ingest([task('t1', 'running', NOW - 100, { sessionIds: ['s1'] }), task('t1', 'running', NOW - 99, { sessionIds: ['s1'] })]);
      const early = await store.readTask!('t1');
      expect(early?.sessions).toEqual([
        { session_id: 's1', requests: 0, input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0, cost_usd: 0, tool_calls: 0 },
      ]);
      await store.ingest([
        request({ sessionId: 's1', inputTokens: 100, outputTokens: 10, cacheReadTokens: 5, cacheCreationTokens: 3, costUsd: 0.125, ts: NOW - 90 }),
        request({ sessionId: 's1', inputTokens: 7, outputTokens: 3, costUsd: 0.5, ts: NOW - 7_200 }),
        tool({ sessionId: 's1', tool: 'Bash', ts: NOW - 80 }),
        request({ sessionId: ODD, inputTokens: 1, outputTokens: 2, costUsd: 0.25, ts: NOW - 70 }),
      ]);
      // Linked after ODD's requests, by a later event with another link.
      await store.ingest([task('t1', 'completed', NOW - 60, { sessionIds: [ODD], costUsd: 9 })]);
      const read = await store.readTask!('t1');
      expect(read?.task).toMatchObject({ id: 't1', status: 'completed', cost_usd: 9 });
      const sessions = read?.sessions.map((s) => ({ ...s, cost_usd: round(s.cost_usd) }));
      expect(sessions).toEqual([
        { session_id: 's1', requests: 2, input_tokens: 107, output_tokens: 13, cache_creation_tokens: 3, cache_read_tokens: 5, cost_usd: 0.625, tool_calls: 1 },
        { session_id: ODD, requests: 1, input_tokens: 1, output_tokens: 2, cache_creation_tokens: 0, cache_read_tokens: 0, cost_usd: 0.25, tool_calls: 0 },
      ].sort((a, b) => (a.session_id < b.session_id ? -1 : 1)));
      expect({ ...read?.totals, cost_usd: round(read?.totals.cost_usd ?? 0) }).toEqual({
        requests: 3, input_tokens: 108, output_tokens: 15, cache_creation_tokens: 3, cache_read_tokens: 5, cost_usd: 0.875, tool_calls: 1,
      });
      // The same figures as the session's page.
      const page = await store.readSession!({ id: 's1', limit: 10 });
      expect(read?.sessions.find((s) => s.session_id === 's1')?.cost_usd).toBe(page?.page.session.cost_usd);
    });

    it('answers null for an unknown task, and an empty list for a task with no link', async () => {
      await store.ingest([task('plain', 'pending', NOW - 10)]);
      expect(await store.readTask!('nope')).toBeNull();
      expect(await store.readTask!('plain')).toMatchObject({ sessions: [], totals: { requests: 0, cost_usd: 0 } });
    });

    it("links listed tasks to their sessions and measured cost in one read", async () => {
      await store.ingest([
        request({ sessionId: 'a', costUsd: 1.5, ts: NOW - 50 }),
        request({ sessionId: 'b', costUsd: 0.25, ts: NOW - 50 }),
        task(ODD, 'running', NOW - 40, { sessionIds: ['b', 'a'] }),
        task('solo', 'running', NOW - 40, { sessionIds: ['c'] }),
        task('none', 'running', NOW - 40),
      ]);
      const links = await store.readTaskLinks!([ODD, 'solo', 'none', 'unknown']);
      expect([...links.keys()].sort()).toEqual([ODD, 'solo'].sort());
      expect(links.get(ODD)).toEqual({ sessionIds: ['a', 'b'], costUsd: 1.75 });
      expect(links.get('solo')).toEqual({ sessionIds: ['c'], costUsd: 0 });
      expect((await store.readTaskLinks!([])).size).toBe(0);
    });
  });
}
