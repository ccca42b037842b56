import { clientsList } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { health } from '../test-support/cluster.js';
import { claudeSession, postHook } from '../test-support/hooks.js';
import { startRedis, type RedisService } from '../test-support/services/redis.js';
import { ingest, next, record, sleep, startServer, waitFor, type TestClient } from '../test-support/server.js';

// Nodes in one process, each with its own in-memory store, joined through a real
// redis-server: what the Socket.IO cluster adapter carries on its own.
let redis: RedisService;
let nodes: App[];
const sockets: TestClient[] = [];

const open = async (app: App, path = ''): Promise<TestClient> => {
  const s: TestClient = connect(`${app.url}${path}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  await next(s, 'connected');
  return s;
};
const healthOf = (app: App) => health(app.url);
beforeAll(async () => {
  redis = await startRedis();
  nodes = [];
  for (const id of ['node-a', 'node-b', 'node-c']) nodes.push(await startServer({ redisUrl: redis.url, nodeId: id }));
  await waitFor(async () => (await Promise.all(nodes.map(healthOf))).every((h) => h.status === 'ok'));
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all((nodes ?? []).map((n) => n.close()));
  await redis?.stop();
});

const node = (i: number) => () => nodes[i] as App;
const [a, b, c] = [node(0), node(1), node(2)];

describe('a Socket.IO cluster on Redis', () => {
  it('carries room events from the node that committed them to members on every node', async () => {
    const onB = await open(b());
    const onC = await open(c(), '/metrics');
    for (const s of [onB, onC]) {
      const joined = next(s, 'room');
      s.emit('subscribe_tasks');
      await joined;
    }
    const atB = next(onB, 'task_update');
    const atC = next(onC, 'task_update');
    const started = performance.now();
    await ingest(a(), { type: 'task', id: 'cluster-1', status: 'running', description: 'spread' });
    expect((await atB).id).toBe('cluster-1');
    expect((await atC).id).toBe('cluster-1');
    expect(performance.now() - started).toBeLessThan(1_000);
    // Exactly once each.
    const extra = record(onB, 'task_update');
    await sleep(300);
    expect(extra).toEqual([]);
  });

  it('carries session_state from the node that received the hook to the sessions room on every node, once', async () => {
    const onB = await open(b());
    const onC = await open(c(), '/metrics');
    for (const s of [onB, onC]) {
      const joined = next(s, 'room');
      s.emit('subscribe_sessions');
      await joined;
    }
    const atB = next(onB, 'session_state');
    const atC = next(onC, 'session_state');
    const started = performance.now();
    expect((await postHook(a(), claudeSession('cluster-hook').permission('Bash'))).status).toBe(200);
    for (const got of [await atB, await atC]) expect(got).toMatchObject({ session_id: 'cluster-hook', state: 'needs_input', previous: null });
    expect(performance.now() - started).toBeLessThan(1_000);
    const extra = record(onB, 'session_state');
    await sleep(300);
    expect(extra).toEqual([]);
  });

  it('lists the clients of every node in /api/clients (fetchSockets across nodes)', async () => {
    const onA = await open(a());
    const onC = await open(c());
    const topics = next(onC, 'topics');
    onC.emit('subscribe_topics', { topics: ['costs'], hours: 6 });
    await topics;
    const res = await fetch(`${b().url}/api/clients`);
    expect(res.status).toBe(200);
    const list = clientsList.parse(await res.json());
    expect(list.node).toBe('node-b');
    const byId = new Map(list.clients.map((x) => [x.id, x]));
    expect(byId.get(onA.id as string)).toMatchObject({ node: 'node-a', namespace: '/' });
    expect(byId.get(onC.id as string)).toMatchObject({ node: 'node-c', rooms: ['topic:costs'] });
    expect(list.by_node['node-a']).toBeGreaterThanOrEqual(1);
  });

  it('sends snapshot updates through no Redis: its traffic does not grow with the number of clients', async () => {
    const measure = async (clients: TestClient[]) => {
      await Promise.all(clients.map((s) => { const got = next(s, 'metrics_update'); s.emit('subscribe', { update_interval: 1 }); return got; }));
      const before = await redis.traffic();
      for (let i = 0; i < 5; i++) {
        const got = clients.map((s) => next(s, 'metrics_update'));
        await ingest(a(), { type: 'tool_call', tool: `Traffic${i}` });
        await Promise.all(got);
        await sleep(1_050);
      }
      const after = await redis.traffic();
      for (const s of clients) s.emit('unsubscribe');
      return after.input + after.output - before.input - before.output;
    };
    const one = await measure([await open(a())]);
    // (Each node here has its own store: the clients watch the node that takes the changes.)
    const many = await measure(await Promise.all(Array.from({ length: 40 }, () => open(a()))));
    console.info(`Redis bytes for 5 changes: ${one} with 1 client, ${many} with 40`);
    // Redis carries the adapter's own heartbeats and polls in both runs, nothing per client.
    expect(many).toBeLessThan(one * 1.5);
  }, 30_000);

  it('keeps serving without Redis (degraded), and recovers by itself when Redis is back', async () => {
    const onA = await open(a());
    const got = next(onA, 'metrics_update');
    onA.emit('subscribe', { update_interval: 1 });
    await got;
    await redis.stop();
    await waitFor(async () => (await healthOf(a())).status === 'degraded');
    expect((await healthOf(a())).problems?.redis).toMatch(/Redis is unreachable/);
    // This node's own clients still get this node's changes.
    const local = next(onA, 'metrics_update');
    await ingest(a(), { type: 'tool_call', tool: 'WhileRedisIsDown' });
    expect((await local).overview.tools.by_type.WhileRedisIsDown).toBe(1);
    expect(onA.connected).toBe(true);

    await redis.start();
    await waitFor(async () => (await Promise.all(nodes.map(healthOf))).every((h) => h.status === 'ok'), 15_000);
    // Room events cross nodes again.
    const onC = await open(c());
    const joined = next(onC, 'room');
    onC.emit('subscribe_tasks');
    await joined;
    await sleep(200); // the adapter's stream reader resumes on its next poll
    const update = next(onC, 'task_update', 10_000);
    await ingest(a(), { type: 'task', id: 'after-redis', status: 'completed' });
    expect((await update).id).toBe('after-redis');
  }, 40_000);
});
