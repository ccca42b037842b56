import type { MetricsSnapshot, TasksList } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { manualClock } from '../clock.js';
import { testConfig } from '../config/config.js';

const NOW = 1_760_000_000;
let app: App | undefined;
afterEach(async () => {
  await app?.close();
});

async function start(): Promise<App> {
  app = createApp({ config: testConfig({ staleTaskMinutes: 60 }), clock: manualClock(NOW) });
  await app.listen();
  const events = [
    { type: 'task', id: 'old', status: 'pending', description: 'Migrate the database', model: 'claude-opus-4-5', timestamp: NOW - 3 * 3600 },
    { type: 'task', id: 'old', status: 'running', timestamp: NOW - 2 * 3600 },
    { type: 'task', id: 'done', status: 'running', timestamp: NOW - 600 },
    { type: 'task', id: 'done', status: 'completed', cost_usd: 0.42, timestamp: NOW - 300 },
    { type: 'task', id: 'broke', status: 'running', timestamp: NOW - 500 },
    { type: 'task', id: 'broke', status: 'failed', error: 'tests failed', timestamp: NOW - 200 },
    { type: 'task', id: 'fresh', status: 'running', timestamp: NOW - 60 },
  ];
  const res = await fetch(`${app.url}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events) });
  expect(res.status).toBe(202);
  return app;
}

const get = async (query: string) => fetch(`${app?.url}/api/tasks${query}`);

describe('GET /api/tasks', () => {
  it('lists tasks with their detail, newest first', async () => {
    await start();
    const { tasks } = (await (await get('')).json()) as TasksList;
    expect(tasks.map((t) => t.id)).toEqual(['fresh', 'broke', 'done', 'old']);
    expect(tasks.find((t) => t.id === 'old')).toMatchObject({
      status: 'running', description: 'Migrate the database', model: 'claude-opus-4-5', created_at: NOW - 3 * 3600, started_at: NOW - 2 * 3600, ended_at: null, stale: true,
    });
    expect(tasks.find((t) => t.id === 'done')).toMatchObject({ cost_usd: 0.42, started_at: NOW - 600, ended_at: NOW - 300, stale: false });
    expect(tasks.find((t) => t.id === 'broke')).toMatchObject({ status: 'failed', error: 'tests failed' });
  });

  it('filters by status (or stale) and limits', async () => {
    await start();
    const ids = async (q: string) => ((await (await get(q)).json()) as TasksList).tasks.map((t) => t.id);
    expect(await ids('?status=stale')).toEqual(['old']);
    expect(await ids('?status=running')).toEqual(['fresh', 'old']);
    expect(await ids('?status=failed&limit=5')).toEqual(['broke']);
    expect(await ids('?limit=2')).toEqual(['fresh', 'broke']);
  });

  it('answers 400 to a bad query', async () => {
    await start();
    for (const q of ['?status=sleeping', '?limit=0', '?limit=many', '?limit=501', '?status=running&status=failed']) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBeTruthy();
    }
  });

  it('counts stale tasks in the snapshot', async () => {
    await start();
    const snap = (await (await fetch(`${app?.url}/api/metrics/snapshot`)).json()) as MetricsSnapshot;
    expect(snap.overview.tasks).toMatchObject({ running: 2, stale: 1, completed: 1, failed: 1 });
    expect(snap.recent_tasks.find((t) => t.id === 'old')).toMatchObject({ stale: true, started_at: NOW - 2 * 3600 });
  });
});
