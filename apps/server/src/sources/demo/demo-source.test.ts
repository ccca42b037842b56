import { ingestEvent, type IngestEvent, type MetricsSnapshot } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { testConfig } from '../../config/config.js';
import { PRICE_TABLE } from '../../metrics/pricing.js';
import { DemoFleet } from './fleet.js';
import { Dice, seededRandom } from './rng.js';

describe('DemoFleet', () => {
  it('produces valid events, all marked as demo data, across the task lifecycle, models and tools', () => {
    const fleet = new DemoFleet(new Dice(seededRandom(42)), PRICE_TABLE);
    const events: IngestEvent[] = [];
    for (let step = 0; step < 2000; step++) events.push(...fleet.step(1_750_000_000 + step));
    for (const e of events) expect(ingestEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);

    const statuses = new Set(events.flatMap((e) => (e.type === 'task' ? [e.status] : [])));
    expect([...statuses].sort()).toEqual(['completed', 'failed', 'pending', 'running']);
    const models = new Set(events.flatMap((e) => (e.type === 'api_request' ? [e.model] : [])));
    expect([...models].sort()).toEqual(['claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929']);
    const tools = new Set(events.flatMap((e) => (e.type === 'tool_call' ? [e.tool] : [])));
    expect([...tools].sort()).toEqual(['Bash', 'Edit', 'Glob', 'Grep', 'Read', 'Task', 'WebFetch', 'Write']);

    for (const e of events) {
      if (e.type === 'api_request' || e.type === 'tool_call') {
        expect(e.project).toMatch(/^demo\//);
        expect(e.session_id).toMatch(/^demo-/);
      }
      if (e.type === 'task') expect(e.id).toMatch(/^demo-task-/);
      if (e.type === 'task' && e.description) expect(e.description).toMatch(/^\[demo\]/);
      if (e.type === 'activity') expect(e.description).toMatch(/^\[demo\]/);
    }
    const requests = events.filter((e) => e.type === 'api_request');
    expect(new Set(requests.map((r) => r.request_id)).size).toBe(requests.length);
  });
});

describe('DemoSource in a server', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
  });

  it('fills the snapshot, says the data is demo data, and keeps going', async () => {
    app = createApp({ config: testConfig({ sources: ['demo'] }) });
    await app.listen();
    const read = async () => (await (await fetch(`${app?.url}/api/metrics/snapshot`)).json()) as MetricsSnapshot;
    const first = await read();
    expect(first.sources).toEqual(['ingest', 'demo']);
    expect(first.overview.tasks.total).toBeGreaterThan(0);
    expect(first.activity.every((a) => a.description.startsWith('[demo]'))).toBe(true);
    // The demo steps every 300 ms to 2.5 s.
    const deadline = Date.now() + 8000;
    let later = first;
    while (later.activity.length === first.activity.length && later.overview.claude_api.total_requests === first.overview.claude_api.total_requests && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      later = await read();
    }
    expect(later.timestamp).toBeGreaterThan(first.timestamp);
    expect(later.activity.length + later.overview.claude_api.total_requests).toBeGreaterThan(first.activity.length + first.overview.claude_api.total_requests);
  });
});
