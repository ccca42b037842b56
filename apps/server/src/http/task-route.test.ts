import { taskDetail, taskPath, type MetricsSnapshot, type SessionPage, type TaskDetail } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { manualClock } from '../clock.js';
import { testConfig } from '../config/config.js';

/** Tasks linked to their sessions (issue 17 §3), over a real server: POST /api/events, GET /api/tasks/:id, the snapshot. */

const NOW = 1_760_000_000;
let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(): Promise<App> {
  app = createApp({ config: testConfig({ staleTaskMinutes: 60 }), clock: manualClock(NOW) });
  await app.listen();
  return app;
}

const post = async (events: unknown) =>
  fetch(`${app?.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
const posted = async (events: unknown) => expect((await post(events)).status).toBe(202);
const detail = async (id: string): Promise<TaskDetail> => {
  const res = await fetch(`${app?.url}${taskPath(id)}`);
  expect(res.status).toBe(200);
  // The answer is what the protocol says it is.
  return taskDetail.parse(await res.json());
};
const sessionCost = async (id: string) => ((await (await fetch(`${app?.url}/api/sessions/${encodeURIComponent(id)}`)).json()) as SessionPage).session.cost_usd;
const snapshotTask = async (id: string) => ((await (await fetch(`${app?.url}/api/metrics/snapshot`)).json()) as MetricsSnapshot).recent_tasks.find((t) => t.id === id);

/** Requests of one session with costs whose float sum is not a round number. */
const requests = (sessionId: string, costs: number[], ts = NOW - 300) =>
  costs.map((cost_usd, i) => ({
    type: 'api_request', session_id: sessionId, model: 'claude-sonnet-4-5', input_tokens: 1000 + i, output_tokens: 200 + i,
    cache_read_input_tokens: 50, cache_creation_input_tokens: 7, cost_usd, request_id: `${sessionId}-${i}`, timestamp: ts + i,
  }));

describe('GET /api/tasks/:id', () => {
  it("shows the exact cost of a session linked after its requests were ingested, beside the task's own cost", async () => {
    await start();
    await posted([...requests('sess-a', [0.1, 0.2, 0.0333]), { type: 'tool_call', tool: 'Bash', session_id: 'sess-a', timestamp: NOW - 200 }]);
    await posted({ type: 'task', id: 'T-1', status: 'completed', cost_usd: 4.5, session_id: 'sess-a', timestamp: NOW - 100 });
    const d = await detail('T-1');
    const cost = await sessionCost('sess-a');
    expect(cost).toBeGreaterThan(0.33);
    expect(d.task).toMatchObject({ id: 'T-1', status: 'completed', cost_usd: 4.5 });
    expect(d.sessions).toEqual([
      { session_id: 'sess-a', requests: 3, input_tokens: 3003, output_tokens: 603, cache_creation_tokens: 21, cache_read_tokens: 150, cost_usd: cost, tool_calls: 1 },
    ]);
    expect(d.totals).toEqual({ requests: 3, input_tokens: 3003, output_tokens: 603, cache_creation_tokens: 21, cache_read_tokens: 150, cost_usd: cost, tool_calls: 1 });
    const listed = await snapshotTask('T-1');
    expect(listed).toMatchObject({ cost_usd: 4.5, session_ids: ['sess-a'] });
    expect(listed?.measured_cost_usd).toBeCloseTo(cost, 6);
  });

  it('follows a session linked before it appears, as its requests arrive', async () => {
    await start();
    await posted({ type: 'task', id: 'T-2', status: 'running', session_id: 'later', timestamp: NOW - 400 });
    expect((await detail('T-2')).sessions).toEqual([
      { session_id: 'later', requests: 0, input_tokens: 0, output_tokens: 0, cache_creation_tokens: 0, cache_read_tokens: 0, cost_usd: 0, tool_calls: 0 },
    ]);
    expect(await snapshotTask('T-2')).toMatchObject({ session_ids: ['later'], measured_cost_usd: 0, cost_usd: null });
    await posted(requests('later', [0.75, 0.015]));
    const d = await detail('T-2');
    expect(d.sessions[0]).toMatchObject({ session_id: 'later', requests: 2, cost_usd: await sessionCost('later') });
    expect((await snapshotTask('T-2'))?.measured_cost_usd).toBeCloseTo(0.765, 6);
  });

  it('sums two sessions given as session_ids (and a repeat of a link counts once)', async () => {
    await start();
    await posted([...requests('one', [0.5, 0.25]), ...requests('two', [1.125])]);
    await posted({ type: 'task', id: 'T-3', status: 'running', session_ids: ['two', 'one'], timestamp: NOW - 50 });
    await posted({ type: 'task', id: 'T-3', status: 'completed', session_id: 'one', timestamp: NOW - 40 });
    const d = await detail('T-3');
    const [one, two] = [await sessionCost('one'), await sessionCost('two')];
    expect(d.sessions.map((s) => [s.session_id, s.cost_usd])).toEqual([['one', one], ['two', two]]);
    expect(d.totals).toMatchObject({ requests: 3, input_tokens: 1000 + 1001 + 1000, cost_usd: one + two });
    expect(d.totals.cost_usd).toBeCloseTo(1.875, 9);
    expect(await snapshotTask('T-3')).toMatchObject({ session_ids: ['one', 'two'], measured_cost_usd: 1.875 });
  });

  it('answers 404 with a JSON error for an unknown task; a task without links lists none', async () => {
    await start();
    await posted({ type: 'task', id: 'plain', status: 'pending', timestamp: NOW - 10 });
    const res = await fetch(`${app?.url}${taskPath('nope/x')}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/no task/);
    expect(await detail('plain')).toMatchObject({ sessions: [], totals: { requests: 0, cost_usd: 0 } });
    expect(await snapshotTask('plain')).toMatchObject({ measured_cost_usd: null, session_ids: [] });
  });

  it('refuses bad links with a 400 naming the field, and stores nothing', async () => {
    await start();
    const bad = [
      { type: 'task', id: 'B', status: 'running', session_id: '' },
      { type: 'task', id: 'B', status: 'running', session_id: 42 },
      { type: 'task', id: 'B', status: 'running', session_ids: 'one' },
      { type: 'task', id: 'B', status: 'running', session_ids: ['ok', ''] },
      { type: 'task', id: 'B', status: 'running', session_ids: Array.from({ length: 101 }, (_, i) => `s${i}`) },
      { type: 'task', id: 'B', status: 'running', session_ids: ['x'.repeat(2001)] },
    ];
    for (const event of bad) {
      const res = await post(event);
      expect(res.status, JSON.stringify(event).slice(0, 80)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/session_id/);
    }
    expect((await fetch(`${app?.url}${taskPath('B')}`)).status).toBe(404);
    await posted({ type: 'task', id: 'B', status: 'running', session_ids: Array.from({ length: 100 }, (_, i) => `s${i}`) });
    expect((await detail('B')).sessions).toHaveLength(100);
  });
});
