/**
 * The benchmark suite. Run from the repository root with `pnpm bench` (builds, then
 * runs this pinned to core 1 while each server under test is pinned to core 0).
 *   pnpm bench                   every scenario
 *   pnpm bench fanout-ws-1000    only the named scenarios (see SCENARIOS below)
 * Results: bench/results/latest.json (raw) and a markdown table on stdout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterEnv, stopClusterServices } from './lib/cluster-services.js';
import { seedAvailable } from './lib/targets.js';
import { alertsBench } from './scenarios/alerts.js';
import { fanout, type FanoutOptions } from './scenarios/fanout.js';
import { idle } from './scenarios/idle.js';
import { ingestThroughput, snapshotOverStore } from './scenarios/store.js';
import { sessionsApiBench } from './scenarios/sessions.js';
import { reconnectStorm } from './scenarios/reconnect.js';
import { slowConsumers } from './scenarios/slow.js';

const SERVER_CPU = 0;
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const results: Record<string, unknown>[] = [];
let frameBytes = 4000;

const ws = (name: string, target: FanoutOptions['target'], clients: number, extra: Partial<FanoutOptions> = {}) => async () => {
  const r = await fanout({ name, target, clients, transport: 'ws', seconds, cpu: SERVER_CPU, frameBytes, ...extra });
  if (target === 'amiga' && r.avg_update_bytes) frameBytes = r.avg_update_bytes;
  return r;
};

const SCENARIOS: Record<string, () => Promise<Record<string, unknown>>> = {
  'fanout-ws-1000': ws('fanout-ws-1000', 'amiga', 1000),
  'floor-ws-1000': ws('floor-ws-1000', 'floor', 1000),
  'seed-ws-1000': async () => {
    const seed = seedAvailable();
    if (!seed.ok) return { name: 'seed-ws-1000', skipped: seed.why };
    return ws('seed-ws-1000', 'seed', 1000)();
  },
  'fanout-ws-5000': ws('fanout-ws-5000', 'amiga', 5000),
  'floor-ws-5000': ws('floor-ws-5000', 'floor', 5000),
  'fanout-ws-10000': ws('fanout-ws-10000', 'amiga', 10000),
  'floor-ws-10000': ws('floor-ws-10000', 'floor', 10000),
  // The broadcast as one synchronous loop (MONITORING_BROADCAST_CHUNK=0), as before staggering: the baseline of fanout-ws-10000.
  'oneloop-ws-10000': ws('oneloop-ws-10000', 'amiga', 10000, { env: { MONITORING_BROADCAST_CHUNK: '0' } }),
  'stagger250-ws-10000': ws('stagger250-ws-10000', 'amiga', 10000, { env: { MONITORING_BROADCAST_CHUNK: '250' } }),
  'oneloop-ws-5000': ws('oneloop-ws-5000', 'amiga', 5000, { env: { MONITORING_BROADCAST_CHUNK: '0' } }),
  // The same 15,000 clients as cluster-ws-3x5000, on one node.
  'fanout-ws-15000': ws('fanout-ws-15000', 'amiga', 15000),
  'fanout-ws-5000-heavy': ws('fanout-ws-5000-heavy', 'amiga', 5000, { sessions: 50 }),
  'delta-ws-1000': ws('delta-ws-1000', 'amiga', 1000, { delta: true }),
  'delta-ws-5000': ws('delta-ws-5000', 'amiga', 5000, { delta: true }),
  'msgpack-ws-1000': ws('msgpack-ws-1000', 'amiga', 1000, { msgpack: true }),
  'msgpack-ws-5000': ws('msgpack-ws-5000', 'amiga', 5000, { msgpack: true }),
  'deflate-ws-1000': ws('deflate-ws-1000', 'amiga', 1000, { deflate: true }),
  'deflate-ws-5000': ws('deflate-ws-5000', 'amiga', 5000, { deflate: true }),
  'fanout-sse-5000': async () => fanout({ name: 'fanout-sse-5000', target: 'amiga', clients: 5000, transport: 'sse', seconds, cpu: SERVER_CPU }),
  'mix-ws-2000': async () =>
    fanout({
      name: 'mix-ws-2000',
      target: 'amiga',
      clients: 2000,
      transport: 'ws',
      seconds,
      cpu: SERVER_CPU,
      subscription: (i) => ({ hours: [1, 6, 24, 168][i % 4] as number, update_interval: [1, 2, 5][i % 3] as number }),
      changeOn: (k) => k % 2 === 1,
      quietSeconds: 10,
    }),
  // The same length and load as slow-ws-5000 with nobody pausing: the baseline its phases compare to.
  'long-ws-5000': async () =>
    fanout({
      name: 'long-ws-5000',
      target: 'amiga',
      clients: 5000,
      transport: 'ws',
      seconds: 10 + Number(process.env.BENCH_SLOW_SECONDS ?? 60) + 10,
      cpu: SERVER_CPU,
      groups: (_i, marker) => (marker <= 10 ? 'all/before' : marker <= 10 + Number(process.env.BENCH_SLOW_SECONDS ?? 60) ? 'all/during' : 'all/after'),
    }),
  'slow-ws-5000': async () => slowConsumers({ clients: 5000, pauseSeconds: Number(process.env.BENCH_SLOW_SECONDS ?? 60), cpu: SERVER_CPU }),
  'reconnect-ws-5000': async () => reconnectStorm({ clients: 5000, cpu: SERVER_CPU }),
  'idle-ws-19000': async () => idle({ clients: 19_000, cpu: SERVER_CPU }),
  // A cluster on PostgreSQL + Redis: 5,000 clients per node, every node pinned to the same core (this machine has two).
  ...Object.fromEntries(
    [1, 2, 3].map((nodes) => [
      `cluster-ws-${nodes}x5000`,
      async () => fanout({ name: `cluster-ws-${nodes}x5000`, target: 'amiga', clients: 5000 * nodes, transport: 'ws', seconds, cpu: SERVER_CPU, cluster: { nodes, ...(await clusterEnv()) } }),
    ]),
  ),
  'store-snapshot': async () => snapshotOverStore({ sizes: (process.env.BENCH_STORE_SIZES ?? '1000000,5000000').split(',').map(Number) }),
  'ingest-http': async () => ingestThroughput({ cpu: SERVER_CPU, seconds: 10 }),
  // 100 alert rules (issue 18): evaluation per committed batch, and ingest throughput with 0 and 100 rules.
  'alerts-100': async () => alertsBench({ cpu: SERVER_CPU, seconds: Number(process.env.BENCH_SECONDS ?? 10) }),
  // The sessions API (issue 17) over HTTP: 100,000 sessions plus one of 5,000 requests, on SQLite then PostgreSQL.
  'sessions-api': async () =>
    sessionsApiBench({
      cpu: SERVER_CPU,
      sessions: Number(process.env.BENCH_SESSIONS ?? 100_000),
      rounds: Number(process.env.BENCH_ROUNDS ?? 5),
      perRound: Number(process.env.BENCH_PER_ROUND ?? 5),
      stores: (process.env.BENCH_SESSIONS_STORES ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>,
    }),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(SCENARIOS);
  for (const name of names) {
    const scenario = SCENARIOS[name];
    if (!scenario) throw new Error(`unknown scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    process.stderr.write(`running ${name}…\n`);
    try {
      const r = await scenario();
      results.push(r);
      process.stderr.write(`${JSON.stringify(r)}\n`);
    } catch (err) {
      results.push({ name, error: String(err) });
      process.stderr.write(`${name} failed: ${String(err)}\n`);
    }
  }
  await stopClusterServices();
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memory_gb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    command: `pnpm bench ${wanted.join(' ')}`.trim(),
    results,
  };
  const dir = path.join(import.meta.dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, wanted.length ? `partial-${wanted.join('+')}.json` : 'latest.json');
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.exit(0);
}

void main();
