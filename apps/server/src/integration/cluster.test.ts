import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsSnapshot } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseLines } from '../test-support/transcript-lines.js';
import { getJson, health, post, snapshotOf, startNode, visible, waitFor, type Node } from '../test-support/cluster.js';
import { startNginx, type NginxService } from '../test-support/services/nginx.js';
import { claudeSession, postHook } from '../test-support/hooks.js';
import { startPostgres, type PostgresService } from '../test-support/services/postgres.js';
import { startRedis, type RedisService } from '../test-support/services/redis.js';
import { next, sleep, type TestClient } from '../test-support/server.js';

// A real cluster: gateway nodes in their own processes on one PostgreSQL database and
// one Redis, nginx in front, all started here on 127.0.0.1 and stopped by pid.
let pg: PostgresService;
let redis: RedisService;
let nodes: Node[] = [];
const proxies: NginxService[] = [];
const sockets: TestClient[] = [];

const clusterEnv = (db: string): Record<string, string> => ({ MONITORING_DATABASE_URL: db, MONITORING_REDIS_URL: redis.url, MONITORING_SOURCES: 'none' });
const A = () => nodes[0] as Node;
const B = () => nodes[1] as Node;
const C = () => nodes[2] as Node;

function client(url: string, opts: { transports?: Array<'websocket' | 'polling'>; reconnection?: boolean; path?: string } = {}): TestClient {
  const s: TestClient = connect(`${url}${opts.path ?? ''}`, {
    transports: opts.transports ?? ['websocket'],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  sockets.push(s);
  return s;
}

/** A client subscribed to 24 h at a 1 s interval, holding every update it gets. */
async function subscriber(url: string, opts: Parameters<typeof client>[1] = {}): Promise<{ socket: TestClient; updates: Array<{ at: number; snapshot: MetricsSnapshot }> }> {
  const socket = client(url, opts);
  const updates: Array<{ at: number; snapshot: MetricsSnapshot }> = [];
  socket.on('metrics_update', (snapshot) => updates.push({ at: performance.now(), snapshot }));
  // As the dashboard does: (re-)subscribe on every connection.
  socket.on('connect', () => socket.emit('subscribe', { hours: 24, update_interval: 1 }));
  await waitFor(() => updates.length > 0, 20_000, 'a first snapshot');
  return { socket, updates };
}

const toolCount = (s: MetricsSnapshot, tool: string) => s.overview.tools.by_type[tool] ?? 0;

beforeAll(async () => {
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const db = await pg.createDatabase('cluster');
  // Three nodes starting at once: their migrations meet on one empty database.
  nodes = await Promise.all(['node-a', 'node-b', 'node-c'].map((id) => startNode(id, clusterEnv(db))));
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.allSettled(proxies.map((p) => p.stop()));
  await Promise.allSettled(nodes.map((n) => n.stop()));
  await Promise.allSettled([redis?.stop(), pg?.destroy()]);
}, 60_000);

describe('a cluster of three nodes on PostgreSQL and Redis', () => {
  it('brings a change ingested on node A to clients on B and C within 200 ms, and every node the same snapshot', async () => {
    const watchers = await Promise.all([A(), B(), C()].map((n) => subscriber(n.url)));
    await sleep(1_100); // past the first interval: the next change goes out at once
    const before = watchers.map((w) => w.updates.length);
    const res = await post(A().url, { type: 'tool_call', tool: 'ClusterSpread' });
    const acked = performance.now();
    expect(res.status).toBe(202);
    await waitFor(() => watchers.every((w, i) => w.updates.slice(before[i]).some((u) => toolCount(u.snapshot, 'ClusterSpread') === 1)), 5_000, 'the change on every node');
    const arrival = watchers.map((w, i) => (w.updates.slice(before[i]).find((u) => toolCount(u.snapshot, 'ClusterSpread') === 1) as { at: number }).at - acked);
    console.info(`change ingested on A reached clients on A, B, C after ${arrival.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    expect(arrival[1]).toBeLessThan(200);
    expect(arrival[2]).toBeLessThan(200);
    const seen = watchers.map((w) => visible((w.updates.at(-1) as { snapshot: MetricsSnapshot }).snapshot));
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('sends a task change to the tasks room on every node, once', async () => {
    const members = [client(B().url), client(C().url, { path: '/metrics' })];
    const updates: string[][] = [[], []];
    await Promise.all(
      members.map(async (s, i) => {
        await next(s, 'connected');
        s.on('task_update', (u) => updates[i]?.push(u.id));
        const joined = next(s, 'room');
        s.emit('subscribe_tasks');
        await joined;
      }),
    );
    expect((await post(A().url, { type: 'task', id: 'cluster-task', status: 'running' })).status).toBe(202);
    await waitFor(() => updates.every((u) => u.length > 0), 2_000, 'task_update on B and C');
    await sleep(300);
    expect(updates).toEqual([['cluster-task'], ['cluster-task']]);
  });

  it('shares each session’s live state: hooks of one session spread over the nodes make one state machine, seen alike everywhere', async () => {
    const member = client(C().url);
    await next(member, 'connected');
    const states: Array<[string | null, string]> = [];
    member.on('session_state', (e) => states.push([e.previous, e.state]));
    const joined = next(member, 'room');
    member.emit('subscribe_sessions');
    await joined;
    const c = claudeSession('cluster-live');
    const steps = [
      [A(), c.prompt('ship it')],
      [B(), c.preTool('Bash', { command: 'git push' }, 'toolu_c1')],
      [C(), c.permission('Bash')],
    ] as const;
    for (const [n, body] of steps) expect((await postHook(n.url, body)).status).toBe(200);
    await waitFor(() => states.length === 3, 2_000, 'three session_state events on C');
    expect(states).toEqual([
      [null, 'working'],
      ['working', 'working'],
      ['working', 'needs_input'],
    ]);
    for (const n of [A(), B(), C()]) {
      await waitFor(async () => (await snapshotOf(n.url)).live?.sessions.find((x) => x.session_id === 'cluster-live')?.state === 'needs_input', 2_000, `needs_input on ${n.url}`);
    }
  });

  it('sends a topic subscriber on node C the topic that changed on node A, and only that one', async () => {
    const s = client(C().url);
    await next(s, 'connected');
    const seen: string[] = [];
    s.on('topic_update', (u) => seen.push(u.topic));
    const answer = next(s, 'topics');
    s.emit('subscribe_topics', { topics: ['tools', 'costs'], update_interval: 1 });
    await answer;
    await waitFor(() => seen.length === 2, 5_000, 'the first topic updates');
    await sleep(1_100);
    const tools = next(s, 'topic_update');
    const sent = performance.now();
    expect((await post(A().url, { type: 'tool_call', tool: 'TopicAcrossNodes' })).status).toBe(202);
    const update = await tools;
    expect(performance.now() - sent).toBeLessThan(500);
    expect(update.topic).toBe('tools');
    await sleep(300);
    expect(seen.slice(2)).toEqual(['tools']);
    const members = await getJson<{ clients: Array<{ id: string; rooms: string[] }> }>(`${A().url}/api/clients`);
    expect(members.clients.find((c) => c.id === s.id)?.rooms.sort()).toEqual(['topic:costs', 'topic:tools']);
  });

  it('lists every node’s clients from any node', async () => {
    const onC = client(C().url);
    await next(onC, 'connected');
    const list = await getJson<{ clients: Array<{ id: string; node: string }>; by_node: Record<string, number> }>(`${A().url}/api/clients`);
    expect(list.clients.find((c) => c.id === onC.id)?.node).toBe('node-c');
    expect(Object.keys(list.by_node).sort()).toEqual(expect.arrayContaining(['node-b', 'node-c']));
  });

  it('needs sticky sessions for long-polling behind nginx: ip_hash keeps every poll on its node', async () => {
    const sticky = await startNginx([A().port, B().port]);
    const roundRobin = await startNginx([A().port, B().port], { sticky: false });
    proxies.push(sticky, roundRobin);
    const tryPolling = async (url: string) => {
      const s = client(url, { transports: ['polling'] });
      const ok = await Promise.race([
        (async () => {
          await next(s, 'connected', 3_000);
          const got = next(s, 'metrics_update', 3_000);
          s.emit('subscribe', { hours: 1 });
          await got;
          await sleep(200);
          return s.connected;
        })().catch(() => false),
        new Promise<boolean>((resolve) => s.once('connect_error', () => resolve(false))),
      ]);
      s.disconnect();
      return ok;
    };
    const viaSticky = await Promise.all(Array.from({ length: 8 }, () => tryPolling(sticky.url)));
    const viaRoundRobin = await Promise.all(Array.from({ length: 8 }, () => tryPolling(roundRobin.url)));
    expect(viaSticky.every(Boolean)).toBe(true);
    // The control: without ip_hash, a session's polls alternate between nodes, which do not know each other's sessions.
    expect(viaRoundRobin.filter(Boolean).length).toBeLessThan(8);
  }, 30_000);

  it('keeps serving through a Redis restart and recovers without restarting a node', async () => {
    const watcher = await subscriber(B().url);
    await redis.stop();
    await waitFor(async () => (await Promise.all(nodes.map((n) => health(n.url)))).every((h) => h.status === 'degraded'), 15_000, 'degraded health');
    // Snapshots still cross nodes: change notices go through PostgreSQL.
    await sleep(1_100);
    await post(A().url, { type: 'tool_call', tool: 'RedisDown' });
    await waitFor(() => watcher.updates.some((u) => toolCount(u.snapshot, 'RedisDown') === 1), 3_000, 'a change while Redis is down');
    expect(watcher.socket.connected).toBe(true);

    await redis.start();
    await waitFor(async () => (await Promise.all(nodes.map((n) => health(n.url)))).every((h) => h.status === 'ok'), 20_000, 'health back to ok');
    const member = client(C().url);
    await next(member, 'connected');
    const joined = next(member, 'room');
    member.emit('subscribe_tasks');
    await joined;
    await sleep(300);
    const update = next(member, 'task_update', 10_000);
    await post(A().url, { type: 'task', id: 'after-redis', status: 'completed' });
    expect((await update).id).toBe('after-redis');
  }, 60_000);

  it('keeps clients connected with their last snapshot while PostgreSQL is down, refuses writes, and recovers on its own', async () => {
    const watcher = await subscriber(B().url);
    await pg.stop();
    const refused = await post(A().url, { type: 'tool_call', tool: 'PgDown' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await waitFor(async () => (await health(A().url)).status === 'degraded', 15_000, 'degraded health');
    expect(JSON.stringify((await health(A().url)).problems)).toMatch(/store/);
    await sleep(1_500);
    expect(watcher.socket.connected).toBe(true);

    await pg.start();
    await waitFor(async () => (await post(A().url, { type: 'tool_call', tool: 'PgBack' })).status === 202, 20_000, 'writes accepted again');
    await waitFor(() => watcher.updates.some((u) => toolCount(u.snapshot, 'PgBack') >= 1), 10_000, 'B sees A’s change after the restart');
    await waitFor(async () => (await Promise.all(nodes.map((n) => health(n.url)))).every((h) => h.status === 'ok'), 20_000, 'health back to ok');
    expect(toolCount(await snapshotOf(C().url), 'PgDown')).toBe(0);
  }, 60_000);

  it('loses nothing acknowledged when the node behind nginx dies: clients reconnect to another node and re-subscribe', async () => {
    const proxy = await startNginx([A().port, B().port]);
    proxies.push(proxy);
    const watchers = await Promise.all(Array.from({ length: 5 }, () => subscriber(proxy.url, { reconnection: true })));
    const serving = (await getJson<{ clients: Array<{ id: string; node: string }> }>(`${C().url}/api/clients`)).clients.find(
      (c) => c.id === watchers[0]?.socket.id,
    )?.node;
    const victim = serving === 'node-a' ? A() : B();
    const survivor = victim === A() ? B() : A();

    let accepted = 0;
    let producing = true;
    const producer = (async () => {
      while (producing) {
        const res = await post(proxy.url, { type: 'tool_call', tool: 'Failover' }).catch(() => undefined);
        if (res?.status === 202) accepted += 1;
        await sleep(10);
      }
    })();
    await sleep(500);
    const reconnected = watchers.map((w) => new Promise<void>((resolve) => w.socket.io.once('reconnect', () => resolve())));
    await victim.kill();
    await Promise.all(reconnected);
    await sleep(500);
    producing = false;
    await producer;

    const final = await snapshotOf(survivor.url);
    expect(accepted).toBeGreaterThan(20);
    // Every acknowledged event is there. One more may be: the request in flight when the node died can
    // have been committed without its 202 reaching the producer (the producer sends one at a time).
    const stored = toolCount(final, 'Failover');
    expect(stored).toBeGreaterThanOrEqual(accepted);
    expect(stored).toBeLessThanOrEqual(accepted + 1);
    // Every client is subscribed again, on the survivor, and holds that count.
    await waitFor(() => watchers.every((w) => toolCount((w.updates.at(-1) as { snapshot: MetricsSnapshot }).snapshot, 'Failover') === stored), 5_000, 'clients up to date');
    const list = await getJson<{ clients: Array<{ id: string; node: string }> }>(`${C().url}/api/clients`);
    for (const w of watchers) expect(list.clients.find((c) => c.id === w.socket.id)?.node).toBe(survivor.id);
    await victim.restart();
  }, 60_000);
});

describe('two nodes watching one transcript folder', () => {
  it('count every line once, and the standby takes over when the reader dies', async () => {
    const db = await pg.createDatabase('transcripts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-cluster-claude-'));
    const file = path.join(dir, '-home-dev-shared', 'session-1.jsonl');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let n = 0;
    const append = (count: number) => {
      const lines: string[] = [];
      for (let i = 0; i < count; i++, n++) {
        lines.push(
          ...responseLines({
            messageId: `msg_${n}`,
            requestId: `req_${n}`,
            model: 'claude-sonnet-4-5-20250929',
            sessionId: 'session-1',
            cwd: '/home/dev/shared',
            timestamp: new Date().toISOString(),
            input: 100,
            output: 10,
            tools: [{ id: `toolu_${n}`, name: 'Read' }],
          }),
        );
      }
      fs.appendFileSync(file, `${lines.join('\n')}\n`);
    };
    append(50);
    const env = { ...clusterEnv(db), MONITORING_SOURCES: 'claude', MONITORING_CLAUDE_DIR: dir, MONITORING_LEASE_SECONDS: '2', MONITORING_TRANSCRIPT_POLL_MS: '100' };
    const readers = await Promise.all(['reader-1', 'reader-2'].map((id) => startNode(id, env)));
    nodes.push(...readers);
    const totals = async (url: string) => {
      const s = await snapshotOf(url);
      return { requests: s.overview.claude_api.total_requests, input: s.overview.claude_api.total_input_tokens, reads: toolCount(s, 'Read') };
    };
    const expectCounted = async (count: number, url: string) => {
      await waitFor(async () => (await totals(url)).requests >= count, 15_000, `${count} requests`);
      await sleep(600); // a double reader would add its copy by now
      expect(await totals(url)).toEqual({ requests: count, input: count * 100, reads: count });
    };
    await expectCounted(50, readers[0]?.url as string);

    const leases = await Promise.all(
      readers.map(async (r) => (await getJson<{ sources: Array<{ name: string; status?: { lease?: { held: boolean } } }> }>(`${r.url}/api/sources`)).sources.find((s) => s.name === 'claude')?.status?.lease?.held),
    );
    expect(leases.filter(Boolean)).toHaveLength(1);

    append(30);
    await expectCounted(80, readers[1]?.url as string);

    const holder = readers[leases.indexOf(true)] as Node;
    const standby = readers[1 - leases.indexOf(true)] as Node;
    await holder.kill();
    append(20);
    await expectCounted(100, standby.url);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
