import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { IngestEvent } from '@amiga/protocol';
import { limitsProvider } from '../../src/alerts/limits-provider.js';
import { liveSessionsProvider } from '../../src/alerts/live-provider.js';
import { loadAlertsFile } from '../../src/alerts/loader.js';
import { AlertService, evaluationGap } from '../../src/alerts/service.js';
import { systemClock } from '../../src/clock.js';
import { HealthState } from '../../src/http/health.js';
import { normalizeEvent } from '../../src/ingest/normalize.js';
import { UsageTracker } from '../../src/limits/usage-tracker.js';
import { createLogger } from '../../src/logging/logger.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sleep, summarize } from '../lib/stats.js';
import { startTarget } from '../lib/targets.js';

/**
 * Alert rules (issue 18) on the ingest path: what evaluating 100 rules costs per committed batch,
 * and what they take from ingest throughput, with 0 and 100 rules side by side in one run.
 *   pnpm bench alerts-100
 * BENCH_ALERT_EVENTS (default 200,000): events in the store (24 h, 3 agents, 3 machines, 40
 * projects) before the evaluations are timed; BENCH_ALERT_BATCHES (default 60) timed batches.
 */

const AGENTS = ['claude-code', 'codex', 'gemini-cli'];
const MACHINES = ['laptop', 'build-01', 'desk-2'];

/** A mixed event (70% requests, 27.5% tool calls, 2.5% tasks, one in 16 of them failed) of one of the agents, machines and projects, at `ts`. */
function benchEvent(i: number, ts: number): IngestEvent {
  const scope = { agent: AGENTS[i % 3] as string, machine: MACHINES[Math.floor(i / 3) % 3] as string };
  const session = `a-${Math.floor(i / 40) % 1500}`;
  const project = `/work/repo-${i % 40}`;
  const kind = i % 40;
  if (kind === 0) return { type: 'task', id: `t-${i % 20_000}`, status: (i / 40) % 16 === 2 ? 'failed' : (i / 40) % 2 === 0 ? 'completed' : 'running', description: `bench task ${i % 7}`, timestamp: ts, ...scope };
  if (kind < 12) return { type: 'tool_call', tool: ['Read', 'Edit', 'Bash', 'Grep'][i % 4] as string, session_id: session, project, success: i % 30 !== 0, timestamp: ts, ...scope };
  return { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1000 + (i % 5000), output_tokens: 100 + (i % 900), cache_read_input_tokens: i % 20_000, session_id: session, project, timestamp: ts, ...scope };
}

/**
 * 100 rules of every condition, with parameters spread so that few reads are shared (hours from
 * 1 to 24, each agent, machine and project): 40 cost_over, 15 no_data, 10 error_rate, 10 task_failed,
 * 5 task_stale, 5 source_degraded, 5 needs_input_for, 5 limit_over, 5 limit_projected.
 */
export function hundredRules(): unknown[] {
  const rules: unknown[] = [];
  const add = (when: Record<string, unknown>) => rules.push({ name: `r${rules.length}`, when, notify: ['hook'] });
  for (let k = 0; k < 40; k++) {
    const scope = [{}, { agent: AGENTS[k % 3] }, { machine: MACHINES[k % 3] }, { project: `repo-${k % 40}` }, { agent: AGENTS[k % 3], machine: MACHINES[(k + 1) % 3] }][k % 5];
    add({ cost_over: { usd: [5, 50, 500, 5000][k % 4], hours: 1 + (k % 24), ...scope } });
  }
  for (let k = 0; k < 15; k++) add({ no_data: { minutes: 5 + k, ...[{}, { agent: AGENTS[k % 3] }, { machine: MACHINES[k % 3] }][k % 3] } });
  for (let k = 0; k < 10; k++) add({ error_rate: { per_minute: 1 + k, minutes: 1 + (k % 10) } });
  for (let k = 0; k < 10; k++) add({ task_failed: k === 0 ? {} : { match: `task ${k % 7}` } });
  for (let k = 0; k < 5; k++) add({ task_stale: { minutes: 10 + 10 * k } });
  for (let k = 0; k < 5; k++) add({ source_degraded: k === 0 ? {} : { source: ['store', 'source:claude', 'redis', 'source:codex'][k - 1] } });
  for (let k = 0; k < 5; k++) add({ needs_input_for: { seconds: 60 * (k + 1) } });
  for (let k = 0; k < 5; k++) add({ limit_over: { percent: 50 + 10 * k, window: '5h' } });
  for (let k = 0; k < 5; k++) add({ limit_projected: { percent: 90 + 5 * k } });
  return rules;
}

/** A webhook receiver that takes everything: deliveries cost one local round trip. */
async function sink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function rulesFile(dir: string, name: string, hookUrl: string, rules: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ channels: { hook: { type: 'webhook', url: hookUrl } }, rules }));
  return file;
}

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

/** Milliseconds of one evaluation after each committed batch of `batch` events, with the rules of `file`, on a store of BENCH_ALERT_EVENTS events. */
async function evaluationCost(store: SqliteStore, file: string, batches: number, batch: number, offset: number) {
  const logger = createLogger('silent');
  const usage = new UsageTracker({ store, clock: systemClock, logger });
  await usage.start();
  const service = new AlertService({
    file: { path: file, rules: loadAlertsFile(file) },
    store,
    health: new HealthState(),
    clock: systemClock,
    logger,
    retry: { firstMs: 1000, maxMs: 300_000, retryForSeconds: 86_400, timeoutMs: 5000 },
    tickMs: 3_600_000,
    staleTaskMinutes: 30,
    publicUrl: () => 'http://localhost:3000',
    nodeId: 'bench',
    leaseSeconds: 30,
  });
  const live = liveSessionsProvider(store, systemClock);
  service.provide({ limits: limitsProvider(usage, systemClock), ...(live ? { live } : {}) });
  let last = 0;
  const evaluate = async () => {
    // Past the coalescing gap (250 ms, or 5x the last evaluation's time): one evaluation per batch, timed on its own.
    await sleep(evaluationGap(last) + 10);
    const t0 = performance.now();
    service.evaluate();
    await service.settled();
    last = performance.now() - t0;
    return last;
  };
  // Warm up (the first evaluation fires the rules that are true already, and sends their notices).
  for (let w = 0; w < 3; w++) await evaluate();
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    const now = Date.now() / 1000;
    const events = Array.from({ length: batch }, (_, j) => normalizeEvent(benchEvent(offset + b * batch + j, now - 1), { now }));
    await store.ingest(events);
    usage.onCommit(events, 'local'); // as the app does on each commit: the blocks grow by the batch's requests
    times.push(await evaluate());
  }
  await service.close();
  const s = summarize(times);
  return { ...s, mean: round(times.reduce((a, t) => a + t, 0) / times.length) };
}

/** Events per second through `POST /api/events` (batches of 1,000, 4 at a time, SQLite FULL sync) on a server with the rules of `file` (none: no MONITORING_ALERTS). */
async function ingestThroughput(file: string | undefined, seconds: number, cpu: number) {
  const server = await startTarget('amiga', { cpu, env: file ? { MONITORING_ALERTS: file, MONITORING_ALERT_TICK_MS: '15000' } : {} });
  try {
    const now = Date.now() / 1000;
    const bodies = Array.from({ length: 20 }, (_, b) => JSON.stringify(Array.from({ length: 1000 }, (_, j) => benchEvent(b * 1000 + j, now - 600 + j / 10))));
    let sent = 0;
    const cpu0 = server.cpuMs();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let k = w; performance.now() < until; k += 4) {
          const res = await fetch(`${server.base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[k % bodies.length] });
          await res.arrayBuffer();
          if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
          sent += 1000;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const health = (await (await fetch(`${server.base}/api/health`)).json()) as { problems?: Record<string, string> };
    return { events_per_second: Math.round(sent / elapsed), server_cpu_percent: Math.round(((server.cpuMs() - cpu0) / (elapsed * 1000)) * 100), alerts_problem: health.problems?.alerts ?? null };
  } finally {
    await server.stop();
  }
}

export async function alertsBench({ cpu, seconds }: { cpu: number; seconds: number }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-alerts-bench-'));
  const hook = await sink();
  const size = Number(process.env.BENCH_ALERT_EVENTS ?? 200_000);
  const batches = Number(process.env.BENCH_ALERT_BATCHES ?? 60);
  const batch = 1000;
  const none = rulesFile(dir, 'none.json', hook.url, []);
  const hundred = rulesFile(dir, 'hundred.json', hook.url, hundredRules());
  try {
    // In-process: the same store, the evaluation alone, 0 then 100 rules then 0 again.
    const store = new SqliteStore({ path: path.join(dir, 'store.db'), synchronous: 'NORMAL' });
    const now = Date.now() / 1000;
    for (let written = 0; written < size; written += 20_000) {
      await store.ingest(Array.from({ length: 20_000 }, (_, j) => normalizeEvent(benchEvent(written + j, now - 86_400 + ((written + j) / size) * 86_000), { now })));
    }
    const evaluation: Record<string, unknown> = {};
    evaluation.rules_0_ms = await evaluationCost(store, none, batches, batch, size);
    evaluation.rules_100_ms = await evaluationCost(store, hundred, batches, batch, size + batches * batch);
    evaluation.rules_0_again_ms = await evaluationCost(store, none, batches, batch, size + 2 * batches * batch);
    // Where the time goes: each condition's rules of the hundred on their own (fewer batches).
    const byCondition: Record<string, unknown> = {};
    let offset = size + 3 * batches * batch;
    const groups = new Map<string, unknown[]>();
    for (const r of hundredRules() as Array<{ when: Record<string, unknown> }>) {
      const name = Object.keys(r.when)[0] as string;
      // Per-project costs are read from the window's sessions, the others from the rollups: timed apart.
      const condition = name === 'cost_over' && 'project' in (r.when.cost_over as object) ? 'cost_over_project' : name;
      groups.set(condition, [...(groups.get(condition) ?? []), r]);
    }
    for (const [condition, group] of groups) {
      const file = rulesFile(dir, `${condition}.json`, hook.url, group);
      const t = await evaluationCost(store, file, 10, batch, offset);
      offset += 10 * batch;
      byCondition[condition] = { rules: group.length, mean_ms: t.mean, p99_ms: t.p99 };
    }
    evaluation.by_condition = byCondition;
    await store.close();
    // Real server processes, alternated twice each so neither is measured only in a quieter moment.
    const runs: Array<{ rules: number } & Awaited<ReturnType<typeof ingestThroughput>>> = [];
    for (let r = 0; r < 2; r++) {
      runs.push({ rules: 0, ...(await ingestThroughput(undefined, seconds, cpu)) });
      runs.push({ rules: 100, ...(await ingestThroughput(hundred, seconds, cpu)) });
    }
    const best = (n: number) => Math.max(...runs.filter((x) => x.rules === n).map((x) => x.events_per_second));
    return {
      name: 'alerts-100',
      store_events: size,
      batch_size: batch,
      timed_batches: batches,
      evaluation,
      notices_delivered: hook.received(),
      ingest_runs: runs,
      ingest_best_events_per_second: { rules_0: best(0), rules_100: best(100) },
      ingest_ratio_100_vs_0: round(best(100) / best(0), 2),
    };
  } finally {
    await hook.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
