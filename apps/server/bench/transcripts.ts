/**
 * Transcript benchmark (not a test), for each agent's files in turn (BENCH_AGENTS, default
 * `claude,codex,gemini`): generates BENCH_TRANSCRIPT_MB (default 1024) MB of Claude Code
 * transcripts, BENCH_AGENT_MB (default 256) MB of Codex CLI rollouts and of Gemini CLI chat
 * recordings (whole `.json` documents and `.jsonl` files) in a temp folder, measures the initial
 * scan (MB/s) of a real server running that one source with a file-backed SQLite store, then the
 * delay from a change on disk (a response appended to a transcript or rollout; a Gemini document
 * rewritten with one more message) to the `metrics_update` that reflects it at a subscribed
 * socket.io client. Prints a JSON result and writes it to bench/results/transcripts.json.
 *
 *   pnpm --filter @amiga/server bench:transcripts
 *   BENCH_AGENTS=codex,gemini BENCH_AGENT_MB=200 pnpm --filter @amiga/server bench:transcripts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricsSnapshot } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config/config.js';
import type { Config } from '../src/config/config.js';
import { responseLines, userLine } from '../src/test-support/transcript-lines.js';
import { claudeBench, codexBench, geminiBench, type BenchAgent } from './agent-files.js';

const targetMb = Number(process.env.BENCH_TRANSCRIPT_MB ?? 1024);
const agentMb = Number(process.env.BENCH_AGENT_MB ?? 256);
const agents = (process.env.BENCH_AGENTS ?? 'claude,codex,gemini').split(',').map((a) => a.trim()).filter(Boolean);
const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 10);
const MODELS = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101'];
const TOOLS = ['Read', 'Edit', 'Bash', 'Grep', 'Glob', 'Write', 'WebFetch', 'Task'];

let seed = 1;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const filler = 'lorem ipsum dolor sit amet, consectetur adipiscing elit; '.repeat(800);
const words = (n: number) => filler.slice(0, n);

/** Writes sessions of realistic lines (tool results, block-split responses, summaries) until `bytes` are written. */
function generate(projects: string, bytes: number): { files: number; requests: number } {
  let written = 0;
  let files = 0;
  let responses = 0;
  const start = Date.now() - 20 * 3600_000;
  for (let p = 0; written < bytes; p++) {
    const cwd = `/home/bench/project-${p}`;
    const dir = path.join(projects, cwd.replaceAll('/', '-'));
    fs.mkdirSync(dir, { recursive: true });
    for (let s = 0; s < 12 && written < bytes; s++) {
      const sessionId = `bench-${p}-${s}`;
      const parts: string[] = [];
      let size = 0;
      const fileTarget = int(2, 30) * 1024 * 1024;
      for (let turn = 0; size < fileTarget; turn++) {
        const ts = new Date(start + (p * 12 + s) * 60_000 + turn * 50).toISOString();
        const lines = [
          userLine(sessionId, cwd, ts, words(int(200, 12_000))),
          ...responseLines({
            sessionId,
            cwd,
            timestamp: ts,
            messageId: `msg_${p}_${s}_${turn}`,
            requestId: `req_${p}_${s}_${turn}`,
            model: MODELS[turn % 3] as string,
            input: int(3, 3000),
            output: int(50, 4000),
            cacheWrite: int(0, 8000),
            cacheWrite1h: 0,
            cacheRead: int(5000, 150_000),
            streamingOutput: int(1, 30),
            texts: rand() < 0.7 ? [words(int(100, 2500))] : undefined,
            tools: Array.from({ length: int(0, 3) }, (_, k) => ({ id: `toolu_${p}_${s}_${turn}_${k}`, name: TOOLS[int(0, 7)] as string })),
          }),
        ];
        if (turn % 50 === 0) lines.push(JSON.stringify({ type: 'summary', summary: 'bench', leafUuid: 'x' }));
        const chunk = lines.join('\n') + '\n';
        parts.push(chunk);
        size += chunk.length;
        responses += 1;
      }
      fs.writeFileSync(path.join(dir, `${sessionId}.jsonl`), parts.join(''));
      written += size;
      files += 1;
    }
  }
  return { files, requests: responses };
}

/** Claude Code transcripts: the generator above, and a response line appended to a session. */
function claude(root: string): BenchAgent {
  const projects = path.join(root, 'projects');
  let target = '';
  return claudeBench({
    config: { claudeDirs: [projects] },
    generate: (bytes) => {
      const g = generate(projects, bytes);
      target = path.join(projects, fs.readdirSync(projects)[0] as string, 'bench-0-0.jsonl');
      return g;
    },
    change: (i) => {
      const line = responseLines({
        sessionId: 'bench-0-0', cwd: '/home/bench/project-0', timestamp: new Date().toISOString(),
        messageId: `msg_live_${i}`, requestId: `req_live_${i}`, model: MODELS[0] as string, input: 10, output: 20, tools: [],
      }).join('\n') + '\n';
      fs.appendFileSync(target, line);
    },
    dir: root,
  });
}

const sizeOf = (dir: string): number =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).reduce((n, e) => (e.isFile() ? n + fs.statSync(path.join(e.parentPath, e.name)).size : n), 0);

async function run(agent: BenchAgent, mb: number): Promise<Record<string, unknown>> {
  const genStart = performance.now();
  const generated = agent.generate(mb * 1024 * 1024);
  const genSeconds = (performance.now() - genStart) / 1000;
  const bytes = sizeOf(agent.dir);
  console.error(`${agent.source}: generated ${(bytes / 1e6).toFixed(0)} MB in ${generated.files} files (${genSeconds.toFixed(1)} s); scanning…`);

  const config: Partial<Config> = { sources: [agent.source], dbPath: path.join(agent.dir, '..', `bench-${agent.source}.db`), transcriptPollMs: 400, logLevel: 'warn', ...agent.config };
  const app = createApp({ config: testConfig(config) });
  const scanStart = performance.now();
  await app.listen();
  const scanSeconds = (performance.now() - scanStart) / 1000;
  const source = app.sources[0] as { status(): Record<string, unknown> };

  const socket = connect(app.url, { transports: ['websocket'] });
  let latest: MetricsSnapshot | undefined;
  const waiters: Array<(s: MetricsSnapshot) => void> = [];
  socket.on('metrics_update', (s) => {
    latest = s as MetricsSnapshot;
    for (const w of waiters.splice(0)) w(latest);
  });
  socket.emit('subscribe', { hours: 24, update_interval: 1 });
  const next = (ok: (s: MetricsSnapshot) => boolean) =>
    new Promise<MetricsSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no metrics_update within 10 s')), 10_000);
      const check = (s: MetricsSnapshot) => {
        if (ok(s)) {
          clearTimeout(timer);
          resolve(s);
        } else waiters.push(check);
      };
      waiters.push(check);
    });
  await next(() => true);
  const requestsAfterScan = latest?.overview.claude_api.total_requests ?? 0;

  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((r) => setTimeout(r, 1100)); // past the subscriber's 1 s interval
    const before = latest?.overview.claude_api.total_requests ?? 0;
    const t0 = performance.now();
    agent.change(i);
    await next((s) => s.overview.claude_api.total_requests > before);
    latencies.push(performance.now() - t0);
  }
  socket.close();
  const status = source.status();
  await app.close();

  latencies.sort((a, b) => a - b);
  return {
    files: { mb: Number((bytes / 1e6).toFixed(1)), files: generated.files, requests: generated.requests },
    initial_scan: {
      seconds: Number(scanSeconds.toFixed(2)),
      mb_per_s: Number((bytes / 1e6 / scanSeconds).toFixed(1)),
      requests_counted: requestsAfterScan,
      requests_expected_in_window: generated.requestsInWindow ?? null,
      goal_mb_per_s: 100,
    },
    source_status: status.initial_scan ?? status,
    append_to_metrics_update_ms: {
      samples: latencies.length,
      median: Number((latencies[Math.floor(latencies.length / 2)] ?? NaN).toFixed(1)),
      max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(1)),
      all: latencies.map((l) => Number(l.toFixed(1))),
      goal_ms: 500,
    },
  };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-bench-'));
  const results: Record<string, unknown> = {};
  try {
    for (const name of agents) {
      const root = path.join(tmp, name, 'files');
      fs.mkdirSync(root, { recursive: true });
      const agent = name === 'claude' ? claude(root) : name === 'codex' ? codexBench(root) : name === 'gemini' ? geminiBench(root) : undefined;
      if (!agent) throw new Error(`BENCH_AGENTS: unknown agent ${name}`);
      results[name] = await run(agent, name === 'claude' ? targetMb : agentMb);
      fs.rmSync(path.join(tmp, name), { recursive: true, force: true });
    }
    const result = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, agents: results };
    const json = JSON.stringify(result, null, 2);
    console.log(json);
    const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'transcripts.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, json + '\n');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
