/**
 * Transcript benchmark (not a test): generates BENCH_TRANSCRIPT_MB (default 1024) MB of Claude
 * Code transcripts in a temp folder, measures the initial scan (MB/s) of a real server with a
 * file-backed SQLite store, then the delay from a line appended on disk to the `metrics_update`
 * that reflects it at a subscribed socket.io client. Prints a JSON result and writes it to
 * bench/results/transcripts.json.
 *
 *   pnpm --filter @amiga/server bench:transcripts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricsSnapshot } from '@amiga/protocol';
import { io as connect } from 'socket.io-client';
import { createApp } from '../src/app.js';
import { testConfig } from '../src/config/config.js';
import type { ClaudeSource } from '../src/sources/claude/claude-source.js';
import { responseLines, userLine } from '../src/test-support/transcript-lines.js';

const targetMb = Number(process.env.BENCH_TRANSCRIPT_MB ?? 1024);
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
function generate(projects: string, bytes: number): { files: number; responses: number } {
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
  return { files, responses };
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-bench-'));
  const projects = path.join(tmp, 'projects');
  try {
    const genStart = performance.now();
    const generated = generate(projects, targetMb * 1024 * 1024);
    const genSeconds = (performance.now() - genStart) / 1000;
    const bytes = Number(
      fs.readdirSync(projects, { recursive: true, withFileTypes: true }).reduce((n, e) => (e.isFile() ? n + fs.statSync(path.join(e.parentPath, e.name)).size : n), 0),
    );
    console.error(`generated ${(bytes / 1e6).toFixed(0)} MB in ${generated.files} files (${genSeconds.toFixed(1)} s); scanning…`);

    const app = createApp({
      config: testConfig({ sources: ['claude'], claudeDirs: [projects], dbPath: path.join(tmp, 'bench.db'), transcriptPollMs: 400, logLevel: 'warn' }),
    });
    const scanStart = performance.now();
    await app.listen();
    const scanSeconds = (performance.now() - scanStart) / 1000;
    const source = app.sources[0] as ClaudeSource;

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

    const target = path.join(projects, fs.readdirSync(projects)[0] as string, 'bench-0-0.jsonl');
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      await new Promise((r) => setTimeout(r, 1100)); // past the subscriber's 1 s interval
      const before = latest?.overview.claude_api.total_requests ?? 0;
      const line = responseLines({
        sessionId: 'bench-0-0', cwd: '/home/bench/project-0', timestamp: new Date().toISOString(),
        messageId: `msg_live_${i}`, requestId: `req_live_${i}`, model: MODELS[0] as string, input: 10, output: 20, tools: [],
      }).join('\n') + '\n';
      const t0 = performance.now();
      fs.appendFileSync(target, line);
      await next((s) => s.overview.claude_api.total_requests > before);
      latencies.push(performance.now() - t0);
    }
    socket.close();
    await app.close();

    latencies.sort((a, b) => a - b);
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      transcripts: { mb: Number((bytes / 1e6).toFixed(1)), files: generated.files, responses: generated.responses },
      initial_scan: {
        seconds: Number(scanSeconds.toFixed(2)),
        mb_per_s: Number((bytes / 1e6 / scanSeconds).toFixed(1)),
        requests_counted: requestsAfterScan,
        source_status: source.status().initial_scan,
        goal_mb_per_s: 100,
      },
      append_to_metrics_update_ms: {
        samples: latencies.length,
        median: Number((latencies[Math.floor(latencies.length / 2)] ?? NaN).toFixed(1)),
        max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(1)),
        all: latencies.map((l) => Number(l.toFixed(1))),
        goal_ms: 500,
      },
    };
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
