import { ingestEvent, type IngestEvent, type MetricsSnapshot } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app.js';
import { testConfig } from '../../config/config.js';
import { pricerFor } from '../../metrics/prices/request-price.js';
import { DemoFleet } from './fleet.js';
import { Dice, seededRandom } from './rng.js';

describe('DemoFleet', () => {
  it('produces valid events, all marked as demo data, across the task lifecycle, models and tools', () => {
    const fleet = new DemoFleet(new Dice(seededRandom(42)), []);
    const events: IngestEvent[] = [];
    for (let step = 0; step < 2000; step++) events.push(...fleet.step(1_750_000_000 + step));
    for (const e of events) expect(ingestEvent.safeParse(e).success, JSON.stringify(e)).toBe(true);

    const statuses = new Set(events.flatMap((e) => (e.type === 'task' ? [e.status] : [])));
    expect([...statuses].sort()).toEqual(['completed', 'failed', 'pending', 'running']);
    const models = new Set(events.flatMap((e) => (e.type === 'api_request' ? [e.model] : [])));
    expect([...models].sort()).toEqual([
      'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929',
      'gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview',
      'gpt-5-codex', 'gpt-5.1-codex-mini', 'gpt-5.2-codex',
    ]);
    // Every model the fleet uses has a price in the dataset: no demo request is unpriced.
    const pricer = pricerFor([]);
    for (const model of models) expect(pricer.knows(model, 1_750_000_000), model).toBe(true);
    const tools = new Set(events.flatMap((e) => (e.type === 'tool_call' ? [e.tool] : [])));
    expect(tools).toEqual(new Set(['Bash', 'Edit', 'Glob', 'Grep', 'Read', 'Task', 'WebFetch', 'Write', 'shell', 'apply_patch', 'update_plan', 'web_search', 'read_file', 'run_shell_command', 'replace', 'search_file_content', 'write_file', 'google_web_search']));
    // Each agent id the issue names, on every event, and each agent's models are its provider's.
    const byAgent = new Map<string, Set<string>>();
    for (const e of events) {
      expect(e.agent, JSON.stringify(e)).toMatch(/^(claude-code|codex|gemini-cli)$/);
      if (e.type === 'api_request') byAgent.set(e.agent as string, (byAgent.get(e.agent as string) ?? new Set()).add(e.model.split('-')[0] as string));
    }
    expect(Object.fromEntries([...byAgent].map(([a, m]) => [a, [...m]]))).toEqual({ 'claude-code': ['claude'], codex: ['gpt'], 'gemini-cli': ['gemini'] });
    for (const e of events) if (e.type === 'api_request') expect(e.reasoning_tokens ?? 0).toBeLessThanOrEqual(e.output_tokens);

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
