import { LightSocket } from '../lib/light-socket.js';
import { LightSse } from '../lib/light-sse.js';
import { startNoiseProbe } from '../lib/noise-probe.js';
import type { ServerProcess } from '../lib/server-process.js';
import { pool, sleep, summarize } from '../lib/stats.js';
import { startTarget, type TargetKind } from '../lib/targets.js';
import { background, changeEvent, post } from '../lib/workload.js';

export interface FanoutOptions {
  name: string;
  target: TargetKind;
  clients: number;
  transport: 'ws' | 'sse';
  /** Seconds of measurement, one change per second. */
  seconds: number;
  /** Clients subscribe with `delta: true`. */
  delta?: boolean;
  /** Clients use the MessagePack path. */
  msgpack?: boolean;
  /** The server deflates WebSocket messages (MONITORING_WS_COMPRESSION=on) and clients accept it; bytes are wire bytes. */
  deflate?: boolean;
  /** More environment for the server (AMIGA only). */
  env?: Record<string, string>;
  /** Sessions in the background data (sets the snapshot size); default 10. */
  sessions?: number;
  /** Floor only. */
  frameBytes?: number;
  cpu: number;
  /** Per-client subscriptions; default 24 h at 1 s. */
  subscription?: (i: number) => { hours: number; update_interval: number };
  /** Make a change on tick k? Default: every tick. */
  changeOn?: (k: number) => boolean;
  /** After the run, seconds with no change at all, to measure what unchanged windows send. */
  quietSeconds?: number;
  /** Latency is also summarised per group (client index, change marker). */
  groups?: (clientIndex: number, marker: number) => string;
  /**
   * A cluster: this many AMIGA nodes on one PostgreSQL database and one Redis, the
   * clients spread over them round-robin, every change ingested on the first node.
   */
  cluster?: { nodes: number; env: Record<string, string>; redisTraffic(): Promise<number> };
  /** Runs while the measurement is going (slow consumers…). */
  during?: (clients: Client[], server: ServerProcess) => Promise<void>;
}

export interface Client {
  bytes: number;
  updates: number;
  close(): void;
  pause?(paused: boolean): void;
  readonly closed: boolean;
  /** Newest marker this client has seen. */
  newest: number;
  index: number;
}

export async function fanout(o: FanoutOptions) {
  const servers: ServerProcess[] = [];
  for (let n = 0; n < (o.cluster?.nodes ?? 1); n++) {
    const env = { ...o.cluster?.env, ...o.env, MONITORING_NODE_ID: `bench-${n}`, ...(o.deflate ? { MONITORING_WS_COMPRESSION: 'on' } : {}) };
    servers.push(await startTarget(o.target, { cpu: o.cpu, frameBytes: o.frameBytes, env }));
  }
  const server = servers[0] as ServerProcess;
  try {
    if (o.target !== 'floor') await post(server.base, background(2000, o.sessions ?? 10));
    const ack: number[] = [];
    const receipts: number[] = []; // marker, time, client index, bytes … flattened
    const clients: Client[] = [];
    const onUpdate = (c: Client) => (marker: number, at: number, bytes: number) => {
      if (marker > c.newest) c.newest = marker;
      receipts.push(marker, at, c.index, bytes);
    };

    let failures = 0;
    const connectStart = performance.now();
    await pool(
      Array.from({ length: o.clients }, (_, i) => i),
      200,
      async (i) => {
        const c: Client = { bytes: 0, updates: 0, newest: -1, index: i, closed: false, close: () => {} };
        const sub = { ...(o.subscription?.(i) ?? { hours: 24, update_interval: 1 }), ...(o.delta ? { delta: true } : {}) };
        try {
          if (o.transport === 'ws') {
            const s = new LightSocket({ base: (servers[i % servers.length] as ServerProcess).base, subscribe: sub, onUpdate: onUpdate(c), msgpack: o.msgpack ?? false, deflate: o.deflate ?? false });
            Object.defineProperties(c, { bytes: { get: () => s.bytes }, updates: { get: () => s.updates }, closed: { get: () => s.closed } });
            c.close = () => s.close();
            c.pause = (p) => s.pause(p);
            await s.open();
          } else {
            const s = new LightSse(`${server.base}/api/stream/metrics?hours=${sub.hours}&interval=${sub.update_interval}`, onUpdate(c));
            Object.defineProperties(c, { bytes: { get: () => s.bytes }, updates: { get: () => s.updates } });
            c.close = () => s.close();
            await s.open();
          }
          clients.push(c);
        } catch {
          failures += 1;
        }
      },
    );
    const connectSeconds = (performance.now() - connectStart) / 1000;
    await sleep(2_000);

    const stats0 = await clusterStats(servers, true);
    const redis0 = await o.cluster?.redisTraffic();
    const bytes0 = clients.reduce((n, c) => n + c.bytes, 0);
    receipts.length = 0;
    const cpu0 = sum(servers.map((x) => x.cpuMs()));
    const probe = startNoiseProbe(o.cpu);
    const t0 = performance.now();
    const during = o.during?.(clients, server);
    let changes = 0;
    const changed: number[] = [];
    for (let k = 1; k <= o.seconds; k++) {
      const tick = performance.now();
      if (o.changeOn?.(k) ?? true) {
        const status = await post(server.base, changeEvent(k));
        if (status !== 202) throw new Error(`ingest answered ${status}`);
        ack[k] = performance.now();
        changes += 1;
        changed.push(k);
      }
      await sleep(Math.max(0, 1000 - (performance.now() - tick)));
    }
    await during;
    await sleep(2_000);
    const wallMs = performance.now() - t0;
    const noise = await probe.stop();
    const cpu1 = sum(servers.map((x) => x.cpuMs()));
    const rss = sum(servers.map((x) => x.rssMb()));
    const stats1 = await clusterStats(servers, false);
    const redis1 = await o.cluster?.redisTraffic();
    const bytes1 = clients.reduce((n, c) => n + c.bytes, 0);
    let quietBytes: number | undefined;
    if (o.quietSeconds) {
      await sleep(6_000); // let intervals of up to 5 s deliver what they held back
      const q0 = clients.reduce((n, c) => n + c.bytes, 0);
      await sleep(o.quietSeconds * 1000);
      quietBytes = clients.reduce((n, c) => n + c.bytes, 0) - q0;
    }

    const latencies: number[] = [];
    const grouped = new Map<string, number[]>();
    const deliveredPerChange = new Map<number, number>();
    let updateBytes = 0;
    let updates = 0;
    for (let i = 0; i < receipts.length; i += 4) {
      const marker = receipts[i] as number;
      updates += 1;
      updateBytes += receipts[i + 3] as number;
      if (ack[marker] === undefined) continue;
      const latency = (receipts[i + 1] as number) - (ack[marker] as number);
      latencies.push(latency);
      if (o.groups) {
        const g = o.groups(receipts[i + 2] as number, marker);
        const list = grouped.get(g) ?? [];
        list.push(latency);
        grouped.set(g, list);
      }
      deliveredPerChange.set(marker, (deliveredPerChange.get(marker) ?? 0) + 1);
    }
    const expected = changes * clients.length;
    const delivered = [...deliveredPerChange.values()].reduce((a, b) => a + b, 0);
    const lastChange = changed.at(-1) ?? 0;
    const stale = clients.filter((c) => c.newest < lastChange).length;
    const deliveries = stats1?.broadcaster && stats0?.broadcaster ? stats1.broadcaster.deliveries - stats0.broadcaster.deliveries : undefined;
    const result = {
      name: o.name,
      target: o.target,
      transport: o.transport,
      clients_requested: o.clients,
      clients_connected: clients.length,
      connect_failures: failures,
      connect_seconds: round(connectSeconds),
      changes,
      latency_ms: summarize(latencies),
      latency_by_group: o.groups ? Object.fromEntries([...grouped].map(([g, l]) => [g, summarize(l)])) : undefined,
      clients_closed_by_server: clients.filter((c) => c.closed).length,
      updates_expected: expected,
      updates_delivered: delivered,
      updates_missed: expected - delivered,
      clients_stale_at_end: stale,
      avg_update_bytes: updates ? Math.round(updateBytes / updates) : 0,
      bytes_per_second: Math.round(((bytes1 - bytes0) * 1000) / wallMs),
      quiet_bytes: quietBytes,
      quiet_seconds: o.quietSeconds,
      server_cpu_percent: round(((cpu1 - cpu0) / wallMs) * 100),
      server_cpu_ms_per_1000_deliveries: delivered ? round(((cpu1 - cpu0) / delivered) * 1000) : undefined,
      server_rss_mb: rss,
      event_loop_delay_p99_ms: stats1?.event_loop_delay_ms?.p99,
      // The same measure in an idle process on the server's core over the same period: the machine's own share of it.
      idle_loop_delay_p99_ms: noise?.p99,
      snapshot_computations_per_s: stats1 && stats0 ? round(((stats1.broadcaster.computations - stats0.broadcaster.computations) * 1000) / wallMs) : undefined,
      serialisations_per_s: stats1 && stats0 ? round(((stats1.broadcaster.broadcasts - stats0.broadcaster.broadcasts) * 1000) / wallMs) : undefined,
      server_deliveries: deliveries,
      ...(o.cluster
        ? { nodes: o.cluster.nodes, redis_bytes_per_second: redis0 !== undefined && redis1 !== undefined ? Math.round(((redis1 - redis0) * 1000) / wallMs) : undefined }
        : {}),
    };
    for (const c of clients) c.close();
    return result;
  } finally {
    await Promise.all(servers.map((x) => x.stop()));
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The nodes' counters added up (one node: its own); event-loop delay is the worst node's. */
async function clusterStats(servers: ServerProcess[], reset: boolean): Promise<Stats | undefined> {
  const all = await Promise.all(servers.map((x) => serverStats(x, reset)));
  if (all.some((x) => x === undefined)) return undefined;
  const stats = all as Stats[];
  const total = (key: keyof Stats['broadcaster']) => sum(stats.map((x) => x.broadcaster[key]));
  return {
    broadcaster: { computations: total('computations'), broadcasts: total('broadcasts'), deliveries: total('deliveries'), frames: total('frames') },
    event_loop_delay_ms: { p99: Math.max(...stats.map((x) => x.event_loop_delay_ms.p99)) },
  };
}

interface Stats {
  broadcaster: { computations: number; broadcasts: number; deliveries: number; frames: number };
  event_loop_delay_ms: { p99: number };
}

async function serverStats(server: ServerProcess, reset: boolean): Promise<Stats | undefined> {
  if (server.name !== 'amiga') return undefined;
  const res = await fetch(`${server.base}/api/stats${reset ? '?reset=1' : ''}`);
  return res.ok ? ((await res.json()) as Stats) : undefined;
}

const round = (x: number) => Math.round(x * 10) / 10;
