import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IngestEvent } from '@amiga/protocol';
import { normalizeEvent } from '../../src/ingest/normalize.js';
import { computeSnapshot } from '../../src/metrics/snapshot.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { summarize } from '../lib/stats.js';
import { startTarget } from '../lib/targets.js';
import { post } from '../lib/workload.js';

/** Agents of the data set, each with its own models (Claude Code 60%, Codex 25%, Gemini CLI 15%), on two machines. */
const AGENT_MODELS: Record<string, string[]> = {
  codex: ['gpt-5-codex', 'gpt-5.1-codex-mini'],
  'gemini-cli': ['gemini-2.5-pro', 'gemini-2.5-flash'],
};
const agentOf = (session: number): string => (session % 20 < 12 ? 'claude-code' : session % 20 < 17 ? 'codex' : 'gemini-cli');
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514', 'claude-opus-4-1-20250805', 'claude-3-7-sonnet-20250219', 'unreleased-model'];
const TOOLS = ['Read', 'Edit', 'Bash', 'Grep', 'Glob', 'Write', 'WebFetch', 'Task', 'TodoWrite', 'MultiEdit', 'NotebookEdit', 'WebSearch'];

/**
 * A mixed event (60% requests, 35% tool calls, 5% tasks) at time `ts`. Sessions come
 * in runs of 50 events, as agents produce them (2,000 sessions over the data set).
 */
function event(i: number, ts: number): IngestEvent {
  const n = Math.floor(i / 50) % 2000;
  const session = `s-${n}`;
  const agent = agentOf(n);
  const scope = { agent, machine: n % 3 === 0 ? 'build-01' : 'laptop' };
  const models = AGENT_MODELS[agent] ?? MODELS;
  const project = `/work/repo-${i % 40}`;
  const kind = i % 20;
  if (kind === 0) return { type: 'task', id: `task-${i % 50_000}`, status: (['running', 'completed', 'failed', 'pending'] as const)[i % 4] as 'running', description: 'bench task', timestamp: ts, ...scope };
  if (kind < 8) return { type: 'tool_call', tool: TOOLS[i % TOOLS.length] as string, session_id: session, project, success: i % 50 !== 0, timestamp: ts, ...scope };
  return {
    ...scope,
    type: 'api_request',
    model: models[i % models.length] as string,
    input_tokens: 1000 + (i % 9000),
    output_tokens: 100 + (i % 2000),
    cache_read_input_tokens: 10_000 + (i % 50_000),
    cache_creation_input_tokens: i % 4000,
    session_id: session,
    project,
    timestamp: ts,
  };
}

/** Snapshot computation time for 1 h / 24 h / 168 h windows over a store of N events spread over 7 days. */
export async function snapshotOverStore({ sizes }: { sizes: number[] }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-store-bench-'));
  const store = new SqliteStore({ path: path.join(dir, 'store.db'), synchronous: 'NORMAL' });
  const now = Date.now() / 1000;
  const span = 168 * 3600;
  const out: Record<string, unknown>[] = [];
  let written = 0;
  try {
    for (const size of sizes) {
      const t0 = performance.now();
      const batch = 20_000;
      for (; written < size; written += batch) {
        const events = [];
        for (let j = 0; j < batch; j++) {
          const i = written + j;
          events.push(normalizeEvent(event(i, now - span + (i / size) * span * 0.999), { now }));
        }
        await store.ingest(events);
      }
      const loadSeconds = (performance.now() - t0) / 1000;
      const row: Record<string, unknown> = { events: size, load_seconds: Math.round(loadSeconds) };
      // Unfiltered, then filtered to one agent, one machine, and both, measured side by side in this run.
      const filters: Array<[string, Record<string, string>]> = [['', {}], ['_agent_codex', { agent: 'codex' }], ['_machine_laptop', { machine: 'laptop' }], ['_codex_on_laptop', { agent: 'codex', machine: 'laptop' }]];
      for (const hours of [1, 24, 168]) {
        for (const [label, scope] of filters) {
          if (hours !== 168 && label !== '' && label !== '_agent_codex') continue;
          const times: number[] = [];
          for (let r = 0; r < 15; r++) {
            const s = performance.now();
            await computeSnapshot({ store, sources: [] }, hours, now + r, scope);
            times.push(performance.now() - s);
          }
          row[`snapshot_${hours}h${label}_ms`] = summarize(times.slice(3));
        }
      }
      out.push(row);
      process.stderr.write(`store ${JSON.stringify(row)}\n`);
    }
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { name: 'store-snapshot', db_file_size_note: 'SQLite file, WAL, synchronous=NORMAL while loading', results: out };
}

/** Events per second through `POST /api/events` in batches of 1,000, durably committed (synchronous=FULL). */
export async function ingestThroughput({ cpu, seconds }: { cpu: number; seconds: number }) {
  const server = await startTarget('amiga', { cpu });
  const now = Date.now() / 1000;
  const batches = Array.from({ length: 20 }, (_, b) =>
    JSON.stringify(Array.from({ length: 1000 }, (_, j) => event(b * 1000 + j, now - 3600 + j))),
  );
  let sent = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const cpu0 = server.cpuMs();
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let k = w; performance.now() < until; k += 4) {
        const res = await fetch(`${server.base}/api/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batches[k % batches.length] });
        await res.arrayBuffer();
        if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
        sent += 1000;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const cpuPercent = ((server.cpuMs() - cpu0) / (elapsed * 1000)) * 100;
  const overview = (await (await fetch(`${server.base}/api/metrics/overview?hours=2`)).json()) as { claude_api: { total_requests: number }; tools: { total_calls: number } };
  await server.stop();
  void post;
  return {
    name: 'ingest-http',
    events: sent,
    seconds: Math.round(elapsed * 10) / 10,
    events_per_second: Math.round(sent / elapsed),
    server_cpu_percent: Math.round(cpuPercent),
    batch_size: 1000,
    concurrent_requests: 4,
    stored_requests_plus_tool_calls: overview.claude_api.total_requests + overview.tools.total_calls,
    expected_requests_plus_tool_calls: Math.round(sent * 0.95),
  };
}
