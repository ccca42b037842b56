import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../store/event.js';
import type { Store } from '../store/store.js';
import { apiError, MACHINE, NOW, request, tool } from './store-contract.js';

/**
 * The sessions API's reads (issue 17 §1), run against each Store: totals per session from
 * every bucket, models, filters, keyset pages, and a session's requests (a transcript request
 * merged to its largest report, once), tools (an outcome a later report filled in), API errors
 * and timeline. Ids with quotes, backslashes and non-ASCII text must match as they are.
 */

const ODD = 'we"ird\\id ü';

function events(): StoredEvent[] {
  return [
    // s1: a transcript request reported twice with growing totals, a plain request 2 hours earlier, tools, an API error.
    request({ agent: 'claude-code', sessionId: 's1', project: '/p/one', model: 'claude-sonnet-4-5', requestId: 'r1', mergeMax: true, inputTokens: 100, outputTokens: 10, costUsd: 0.1, ts: NOW - 60 }),
    request({ agent: 'claude-code', sessionId: 's1', project: '/p/one', model: 'claude-sonnet-4-5', requestId: 'r1', mergeMax: true, inputTokens: 100, outputTokens: 40, costUsd: 0.25, ts: NOW - 58 }),
    request({ agent: 'claude-code', sessionId: 's1', project: '/p/one', model: 'claude-haiku-4-5', inputTokens: 7, outputTokens: 3, cacheReadTokens: 11, costUsd: 0.01, ts: NOW - 7_200 }),
    tool({ agent: 'claude-code', sessionId: 's1', tool: 'Bash', callId: 'toolu_1', success: null, ts: NOW - 50 }),
    // A later report of the same call: it failed, after 40 ms.
    tool({ agent: 'claude-code', sessionId: 's1', tool: 'Bash', callId: 'toolu_1', success: false, durationMs: 40, ts: NOW - 49 }),
    tool({ agent: 'claude-code', sessionId: 's1', tool: 'Read', success: true, durationMs: 5, ts: NOW - 45 }),
    apiError({ agent: 'claude-code', sessionId: 's1', model: 'claude-sonnet-4-5', description: 'API error (claude-sonnet-4-5): overloaded', ts: NOW - 40 }),
    // s2 on another machine, s3 with an odd id.
    request({ agent: 'codex', machine: 'build-01', sessionId: 's2', project: '/p/two', model: 'gpt-5-codex', inputTokens: 500, outputTokens: 90, reasoningTokens: 60, costUsd: 1.5, ts: NOW - 30 }),
    request({ agent: 'codex', sessionId: ODD, project: '/p/"three"', model: 'gpt-"5"', inputTokens: 1, outputTokens: 1, costUsd: 0.5, ts: NOW - 20 }),
  ];
}

const all = { sort: 'last_seen', order: 'desc', limit: 50 } as const;

export function describeSessionsContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the sessions reads`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.ingest(events());
    });
    afterEach(async () => {
      await store.close();
    });

    it('lists sessions with their totals over every bucket, models, scope; newest first', async () => {
      const page = await store.listSessions!(all);
      expect(page.next).toBeNull();
      expect(page.sessions.map((s) => s.session_id)).toEqual([ODD, 's2', 's1']);
      const s1 = page.sessions[2];
      expect({ ...s1, cost_usd: Math.round((s1?.cost_usd ?? 0) * 1e9) / 1e9 }).toEqual({
        session_id: 's1', agent: 'claude-code', machine: MACHINE, project: '/p/one', models: ['claude-haiku-4-5', 'claude-sonnet-4-5'],
        first_seen: NOW - 7_200, last_seen: NOW - 45, requests: 2, input_tokens: 107, output_tokens: 43, cache_creation_tokens: 0,
        cache_read_tokens: 11, reasoning_tokens: 0, cost_usd: 0.26, tool_calls: 2, failed_tool_calls: 1, state: null,
      });
      expect(page.sessions[1]).toMatchObject({ machine: 'build-01', models: ['gpt-5-codex'], reasoning_tokens: 60, cost_usd: 1.5 });
      expect(page.sessions[0]).toMatchObject({ project: '/p/"three"', models: ['gpt-"5"'] });
    });

    it('filters, and pages by the keyset it was given', async () => {
      const listed = async (q: Partial<Parameters<NonNullable<Store['listSessions']>>[0]>) => (await store.listSessions!({ ...all, ...q })).sessions.map((s) => s.session_id);
      expect(await listed({ machine: 'build-01' })).toEqual(['s2']);
      expect(await listed({ model: 'claude-haiku-4-5' })).toEqual(['s1']);
      expect(await listed({ model: 'gpt-"5"' })).toEqual([ODD]);
      expect(await listed({ q: 'WE"IRD' })).toEqual([ODD]);
      expect(await listed({ q: '"three' })).toEqual([ODD]);
      expect(await listed({ sort: 'cost' })).toEqual(['s2', ODD, 's1']);
      expect(await listed({ sort: 'duration', order: 'asc' })).toEqual(['s2', ODD, 's1']);
      const first = await store.listSessions!({ ...all, sort: 'cost', limit: 2 });
      expect(first.next).toEqual({ key: 0.5, id: ODD });
      expect(await listed({ sort: 'cost', after: first.next! })).toEqual(['s1']);
    });

    it('reads a session: merged requests once, filled-in tool outcomes, API errors, timeline; null when unknown', async () => {
      const read = await store.readSession!({ id: 's1', limit: 1000 });
      expect(read?.page.requests.map((r) => [r.ts, r.model, r.output_tokens, r.cost_usd, r.source])).toEqual([
        [NOW - 7_200, 'claude-haiku-4-5', 3, 0.01, 'event'],
        [NOW - 60, 'claude-sonnet-4-5', 40, 0.25, 'transcript'],
      ]);
      expect(read?.page.tools).toEqual([
        { ts: NOW - 50, name: 'Bash', success: false, duration_ms: 40, error: 'failed' },
        { ts: NOW - 45, name: 'Read', success: true, duration_ms: 5, error: null },
      ]);
      expect(read?.page.errors).toEqual([{ ts: NOW - 40, kind: 'api_error', message: 'overloaded' }]);
      expect(read?.page.timeline.map((t) => [t.t, t.requests, t.tool_calls, t.tokens])).toEqual([
        [Math.floor((NOW - 7_200) / 60) * 60, 1, 0, 21],
        [Math.floor((NOW - 60) / 60) * 60, 1, 2, 140],
      ]);
      expect(read?.page.session).toMatchObject({ duration: 7_155, subagents: [], requests: 2 });
      const paged = await store.readSession!({ id: 's1', limit: 1 });
      expect(paged?.nextRequests).not.toBeNull();
      const rest = await store.readSession!({ id: 's1', limit: 1, requestsAfter: paged!.nextRequests!, toolsAfter: paged!.nextTools! });
      expect(rest?.page.requests.map((r) => r.model)).toEqual(['claude-sonnet-4-5']);
      expect(rest?.page.tools.map((t) => t.name)).toEqual(['Read']);
      expect(rest?.nextRequests).toBeNull();
      expect((await store.readSession!({ id: ODD, limit: 10 }))?.page.requests.map((r) => r.model)).toEqual(['gpt-"5"']);
      expect(await store.readSession!({ id: 'nope', limit: 10 })).toBeNull();
    });
  });
}
