import { serverEventSchemas, topicSection, type MetricsSnapshot, type Topic, type TopicUpdate } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { ingest, next, record, sleep, startServer, waitFor, type TestClient } from '../test-support/server.js';

let app: App;
const sockets: TestClient[] = [];
const open = async (path = ''): Promise<TestClient> => {
  const s: TestClient = connect(`${app.url}${path}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await next(s, 'connected');
  return s;
};

/** Subscribes to topics and collects every topic_update (validated by the protocol schema). */
const subscribeTopics = async (s: TestClient, topics: Topic[], hours = 24) => {
  const seen: TopicUpdate[] = [];
  s.on('topic_update', (u) => seen.push(serverEventSchemas.topic_update.parse(u)));
  const answer = next(s, 'topics');
  s.emit('subscribe_topics', { topics, hours, update_interval: 1 });
  expect(await answer).toEqual({ topics, config: { hours, update_interval: 1 } });
  await waitFor(() => seen.length >= topics.length);
  return seen;
};

const snapshot = async (hours: number): Promise<MetricsSnapshot> =>
  (await fetch(`${app.url}/api/metrics/snapshot?hours=${hours}`)).json() as Promise<MetricsSnapshot>;

beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app.close();
});

describe('topic subscriptions', () => {
  it('send each topic at once, carrying the same section as the full snapshot', async () => {
    await ingest(app, { type: 'tool_call', tool: 'TopicRead' });
    const s = await open();
    const seen = await subscribeTopics(s, ['costs', 'tools', 'tasks', 'claude_api', 'sessions', 'activity', 'series'], 3);
    const full = await snapshot(3);
    expect(seen.map((u) => u.topic).sort()).toEqual(['activity', 'claude_api', 'costs', 'series', 'sessions', 'tasks', 'tools']);
    for (const u of seen) {
      expect(u.data, u.topic).toEqual(topicSection(full, u.topic));
    }
    // Every topic of one frame carries that frame's seq.
    expect(new Set(seen.map((u) => u.seq)).size).toBe(1);
  });

  it('send a topic only when its own section changed', async () => {
    const costs = await open();
    const tasks = await open();
    const costUpdates = await subscribeTopics(costs, ['costs']);
    const taskUpdates = await subscribeTopics(tasks, ['tasks']);
    expect(costUpdates).toHaveLength(1);
    expect(taskUpdates).toHaveLength(1);

    // A task changes tasks (and activity), not costs.
    await ingest(app, { type: 'task', id: 'topic-1', status: 'running', description: 'topics' });
    await waitFor(() => taskUpdates.length === 2);
    expect(taskUpdates[1]).toMatchObject({ topic: 'tasks', data: { counts: { running: 1 } } });
    await sleep(1_300); // longer than the 1 s interval: a costs update would have gone out by now
    expect(costUpdates).toHaveLength(1);

    // A priced request changes costs, not tasks.
    await ingest(app, {
      type: 'api_request',
      model: 'claude-sonnet-4-5',
      input_tokens: 1_000,
      output_tokens: 100,
      cost_usd: 0.25,
    });
    await waitFor(() => costUpdates.length === 2);
    const update = costUpdates[1] as Extract<TopicUpdate, { topic: 'costs' }>;
    expect(update.data.total_cost).toBeCloseTo(0.25);
    expect(update.seq).toBeGreaterThan((costUpdates[0] as TopicUpdate).seq);
    await sleep(1_300);
    expect(taskUpdates).toHaveLength(2);
  });

  it('add topics on the same window, drop them on unsubscribe_topics, and keep Socket.IO rooms in step', async () => {
    const s = await open();
    const seen = await subscribeTopics(s, ['costs']);
    const added = next(s, 'topics');
    s.emit('subscribe_topics', { topics: ['tools'], update_interval: 1 });
    expect((await added).topics).toEqual(['costs', 'tools']);
    await waitFor(() => seen.some((u) => u.topic === 'tools'));
    // costs was held already and did not change: it is not sent again.
    expect(seen.filter((u) => u.topic === 'costs')).toHaveLength(1);
    const rooms = async (topic: string) => (await app.io.in(`topic:${topic}`).fetchSockets()).map((x) => x.id);
    expect(await rooms('tools')).toContain(s.id);

    const answer = next(s, 'topics');
    s.emit('unsubscribe_topics', { topics: ['tools'] });
    expect((await answer).topics).toEqual(['costs']);
    expect(await rooms('tools')).not.toContain(s.id);
    const count = seen.length;
    await ingest(app, { type: 'tool_call', tool: 'AfterUnsubscribe' });
    await sleep(1_300);
    expect(seen.slice(count).map((u) => u.topic)).not.toContain('tools');

    const none = next(s, 'topics');
    s.emit('unsubscribe_topics');
    expect(await none).toEqual({ topics: [] });
    expect(await rooms('costs')).not.toContain(s.id);
  });

  it('live beside a snapshot subscription on the same socket', async () => {
    const s = await open();
    const full = record(s, 'metrics_update');
    s.emit('subscribe', { hours: 1, update_interval: 1 });
    const seen = await subscribeTopics(s, ['tools'], 1);
    await waitFor(() => full.length >= 1);
    await ingest(app, { type: 'tool_call', tool: 'BothWays' });
    await waitFor(() => seen.length >= 2 && full.length >= 2);
    expect((seen.at(-1) as Extract<TopicUpdate, { topic: 'tools' }>).data.by_type.BothWays).toBe(1);
    expect(full.at(-1)?.overview.tools.by_type.BothWays).toBe(1);
  });

  it('refuse unknown topics with an error naming them, and keep the connection', async () => {
    const s = await open();
    const error = next(s, 'error');
    (s.emit as (e: string, ...a: unknown[]) => void)('subscribe_topics', { topics: ['weather'] });
    expect((await error).error).toMatch(/subscribe_topics.*must be one of tasks, costs/s);
    const stray = record(s, 'topic_update');
    await sleep(300);
    expect(stray).toEqual([]);
    expect(s.connected).toBe(true);
  });
});
