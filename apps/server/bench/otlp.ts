/**
 * OTLP ingest benchmark (not a test): Claude Code `api_request` log records per second into the
 * built server over http/json, http/protobuf and gRPC, sent with the official OpenTelemetry JS
 * exporters in batches of 512 (the BatchLogRecordProcessor's default maxExportBatchSize), several
 * exports in flight. The server runs as a child process pinned to core 0 with a fresh file-backed
 * SQLite store (synchronous=FULL, so an acknowledged export is durably committed); this process
 * pins itself to core 1. Protocols are interleaved (json, proto, grpc, json, …) so machine noise
 * hits all alike. After each run the server's counters must show exactly every record accepted,
 * none refused, none a duplicate, and `/api/metrics/overview` the running total of requests.
 * Prints a table and writes bench/results/otlp.json.
 *
 *   pnpm run build && pnpm --filter @amiga/server bench:otlp
 *
 * BENCH_OTLP_BATCHES (per run, default 120), BENCH_OTLP_ROUNDS (default 2), BENCH_OTLP_CONCURRENCY
 * (exports in flight, default 4), BENCH_OTLP_PROTOCOLS (comma-separated subset of json,proto,grpc),
 * BENCH_OTLP_CPU_PROF=<dir>: the server child runs with --cpu-prof into that folder (written on exit).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sdk, exportWith, type ReadableLogRecord } from '../src/test-support/otel-clients.js';
import { freePort, type ServerProcess } from './lib/server-process.js';
import { startTarget } from './lib/targets.js';

const BATCH = 512;
const batchesPerRun = Number(process.env.BENCH_OTLP_BATCHES ?? 120);
const rounds = Number(process.env.BENCH_OTLP_ROUNDS ?? 2);
const concurrency = Number(process.env.BENCH_OTLP_CONCURRENCY ?? 4);
const WARMUP_BATCHES = 10;
const SERVER_CPU = 0;
const CLIENT_CPU = 1;

const PROTOCOLS = {
  json: { label: 'http/json', exporter: sdk.logsHttp.OTLPLogExporter },
  proto: { label: 'http/protobuf', exporter: sdk.logsProto.OTLPLogExporter },
  grpc: { label: 'grpc', exporter: sdk.logsGrpc.OTLPLogExporter },
} as const;
type Protocol = keyof typeof PROTOCOLS;
const protocols = (process.env.BENCH_OTLP_PROTOCOLS ?? 'json,proto,grpc').split(',').map((p) => p.trim()) as Protocol[];
for (const p of protocols) if (!(p in PROTOCOLS)) throw new Error(`unknown protocol ${p} (json, proto, grpc)`);

const serverDir = path.resolve(import.meta.dirname, '..');
const SONNET = 'claude-sonnet-4-5-20250929';

/** Pins every thread of this process (the exporters' client side) to `cpu`, as the root `pnpm bench` does with taskset. */
function pinSelf(cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The built server must be newer than its sources, or the figures would be of older code. */
function checkBuild(): void {
  const dist = path.join(serverDir, 'dist/index.js');
  if (!fs.existsSync(dist)) throw new Error('apps/server/dist is missing: run `pnpm run build` first');
  const built = fs.statSync(dist).mtimeMs;
  const stale = fs
    .readdirSync(path.join(serverDir, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .filter((e) => fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > built);
  if (stale.length > 0) console.error(`warning: ${stale.length} source files are newer than dist/ (e.g. ${stale[0]?.name}); run \`pnpm run build\` first`);
}

/**
 * `batches` × 512 distinct `claude_code.api_request` records shaped as in test-support/otel-clients.ts
 * (Claude Code's attributes, its resource and scope), built with the official SDK; request ids
 * `req_<tag>_<n>` so no record repeats another, timestamps within the last hour.
 */
async function apiRequestBatches(tag: string, batches: number): Promise<ReadableLogRecord[][]> {
  const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = sdk.logs;
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: sdk.resources.resourceFromAttributes({ 'service.name': 'claude-code', 'service.version': '2.0.14', project: 'bench' }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('com.anthropic.claude_code.events', '2.0.14');
  const total = batches * BATCH;
  const base = Date.now() - 3_600_000;
  for (let n = 0; n < total; n++) {
    const ts = new Date(base + Math.floor((n / total) * 3_500_000));
    const session = `bench-${tag}-${n % 16}`;
    logger.emit({
      body: 'claude_code.api_request',
      timestamp: ts,
      severityNumber: 9,
      severityText: 'INFO',
      attributes: {
        'user.id': 'u-1',
        'session.id': session,
        'terminal.type': 'vscode',
        'event.name': 'api_request',
        'event.timestamp': ts.toISOString(),
        'event.sequence': n,
        model: SONNET,
        input_tokens: 1200 + (n % 1000),
        output_tokens: 340,
        cache_read_tokens: 5000,
        cache_creation_tokens: 100,
        cost_usd: 0.0123,
        duration_ms: 2345,
        request_id: `req_${tag}_${n}`,
      },
    });
  }
  await provider.forceFlush();
  const records = memory.getFinishedLogRecords();
  await provider.shutdown();
  if (records.length !== total) throw new Error(`built ${records.length} records, expected ${total}`);
  return Array.from({ length: batches }, (_, b) => records.slice(b * BATCH, (b + 1) * BATCH));
}

interface Counters {
  accepted: number;
  rejected: number;
  ignored: number;
  duplicates: number;
  requests: number;
}

async function counters(base: string): Promise<Counters> {
  const sources = (await (await fetch(`${base}/api/sources`)).json()) as {
    sources: Array<{ name: string; status: { log_records: { accepted: number; rejected: number; ignored: number }; duplicates: number } }>;
  };
  const otlp = sources.sources.find((s) => s.name === 'otlp')?.status;
  if (!otlp) throw new Error('the server runs no otlp source');
  const overview = (await (await fetch(`${base}/api/metrics/overview?hours=24`)).json()) as { claude_api: { total_requests: number } };
  return { ...otlp.log_records, duplicates: otlp.duplicates, requests: overview.claude_api.total_requests };
}

function exporterFor(protocol: Protocol, server: ServerProcess, grpcPort: number) {
  const Exporter = PROTOCOLS[protocol].exporter;
  // Generous timeout: a slow answer must be measured, not turned into a failed export.
  if (protocol === 'grpc') return new Exporter({ url: `http://127.0.0.1:${grpcPort}`, timeoutMillis: 60_000 });
  return new Exporter({ url: `${server.base}/v1/logs`, timeoutMillis: 60_000 });
}

interface RunResult {
  protocol: string;
  round: number | 'warmup';
  batches: number;
  records: number;
  seconds: number;
  records_per_second: number;
  export_ms: { p50: number; p99: number; max: number };
  server_cpu_percent: number;
  client_cpu_percent: number;
  server_rss_mb: number;
  verified: { accepted: number; rejected: number; duplicates: number; overview_total_requests: number; expected_total_requests: number };
}

let expectedRequests = 0;

async function run(protocol: Protocol, round: number | 'warmup', batches: number, server: ServerProcess, grpcPort: number): Promise<RunResult> {
  const tag = `${protocol}${round}`;
  const data = await apiRequestBatches(tag, batches);
  const exporter = exporterFor(protocol, server, grpcPort);
  const before = await counters(server.base);
  const durations: number[] = [];
  let next = 0;
  const cpu0 = server.cpuMs();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, data.length) }, async () => {
      while (next < data.length) {
        const batch = data[next++] as ReadableLogRecord[];
        const s = performance.now();
        const result = await exportWith(exporter, batch);
        durations.push(performance.now() - s);
        if (result.code !== 0) throw new Error(`${PROTOCOLS[protocol].label} export failed: ${String(result.error)}`);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const serverCpu = server.cpuMs() - cpu0;
  const client = process.cpuUsage(client0);
  const rss = server.rssMb();
  await exporter.shutdown();

  const records = batches * BATCH;
  expectedRequests += records;
  const after = await counters(server.base);
  const verified = {
    accepted: after.accepted - before.accepted,
    rejected: after.rejected - before.rejected,
    duplicates: after.duplicates - before.duplicates,
    overview_total_requests: after.requests,
    expected_total_requests: expectedRequests,
  };
  if (verified.accepted !== records || verified.rejected !== 0 || after.ignored !== before.ignored || verified.duplicates !== 0 || after.requests !== expectedRequests) {
    throw new Error(`${PROTOCOLS[protocol].label} round ${round}: not every record counted exactly once: ${JSON.stringify({ records, ...verified })}`);
  }
  durations.sort((a, b) => a - b);
  const at = (p: number) => Math.round((durations[Math.min(durations.length - 1, Math.ceil(p * durations.length) - 1)] ?? NaN) * 10) / 10;
  return {
    protocol: PROTOCOLS[protocol].label,
    round,
    batches,
    records,
    seconds: Math.round(elapsed * 1000) / 1000,
    records_per_second: Math.round(records / elapsed),
    export_ms: { p50: at(0.5), p99: at(0.99), max: at(1) },
    server_cpu_percent: Math.round((serverCpu / (elapsed * 1000)) * 100),
    client_cpu_percent: Math.round(((client.user + client.system) / 1000 / (elapsed * 1000)) * 100),
    server_rss_mb: rss,
    verified,
  };
}

/** Bytes of one 512-record batch as each protocol puts it on the wire (the exporters' own serializers; gRPC carries the protobuf bytes). */
async function wireBytes(): Promise<Record<string, number> | undefined> {
  try {
    const { createRequire } = await import('node:module');
    const require = createRequire(path.join(serverDir, 'node_modules/@opentelemetry/exporter-logs-otlp-http/package.json'));
    const t = require('@opentelemetry/otlp-transformer') as {
      JsonLogsSerializer: { serializeRequest(r: ReadableLogRecord[]): Uint8Array | undefined };
      ProtobufLogsSerializer: { serializeRequest(r: ReadableLogRecord[]): Uint8Array | undefined };
    };
    const [batch] = await apiRequestBatches('size', 1);
    return {
      'http/json': t.JsonLogsSerializer.serializeRequest(batch as ReadableLogRecord[])?.byteLength ?? NaN,
      'http/protobuf': t.ProtobufLogsSerializer.serializeRequest(batch as ReadableLogRecord[])?.byteLength ?? NaN,
    };
  } catch {
    return undefined;
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const pinned = pinSelf(CLIENT_CPU);
  checkBuild();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-bench-otlp-'));
  const grpcPort = await freePort();
  const prof = process.env.BENCH_OTLP_CPU_PROF;
  const server = await startTarget('amiga', {
    cpu: SERVER_CPU,
    dbPath: path.join(tmp, 'otlp.db'),
    env: {
      MONITORING_SOURCES: 'otlp',
      MONITORING_OTLP_GRPC_PORT: String(grpcPort),
      ...(prof ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${path.resolve(prof)}` } : {}),
    },
  });
  const started = performance.now();
  const runs: RunResult[] = [];
  try {
    for (const p of protocols) {
      const r = await run(p, 'warmup', WARMUP_BATCHES, server, grpcPort);
      console.error(`warm-up ${r.protocol}: ${fmt(r.records_per_second)} records/s`);
    }
    for (let round = 1; round <= rounds; round++) {
      for (const p of protocols) {
        const r = await run(p, round, batchesPerRun, server, grpcPort);
        runs.push(r);
        console.error(`round ${round} ${r.protocol}: ${fmt(r.records)} records in ${r.seconds.toFixed(2)} s = ${fmt(r.records_per_second)} records/s (server CPU ${r.server_cpu_percent}%)`);
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const summary = protocols.map((p) => {
    const mine = runs.filter((r) => r.protocol === PROTOCOLS[p].label);
    const rates = mine.map((r) => r.records_per_second);
    return {
      protocol: PROTOCOLS[p].label,
      runs: mine.length,
      records: mine.reduce((n, r) => n + r.records, 0),
      records_per_second_median: Math.round(median(rates)),
      records_per_second_min: Math.min(...rates),
      records_per_second_max: Math.max(...rates),
      export_ms_p50: median(mine.map((r) => r.export_ms.p50)),
      export_ms_p99_max: Math.max(...mine.map((r) => r.export_ms.p99)),
      server_cpu_percent: Math.round(median(mine.map((r) => r.server_cpu_percent))),
      client_cpu_percent: Math.round(median(mine.map((r) => r.client_cpu_percent))),
    };
  });
  const json0 = summary.find((s) => s.protocol === 'http/json')?.records_per_second_median;
  const result = {
    date: new Date().toISOString(),
    command: 'pnpm run build && pnpm --filter @amiga/server bench:otlp',
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    setup: {
      server: `dist/index.js pinned to core ${SERVER_CPU}, MONITORING_SOURCES=otlp, fresh SQLite file (synchronous=FULL), rate limits off`,
      client: `official @opentelemetry/exporter-logs-otlp-{http,proto,grpc} 0.223.1 in this process, ${pinned ? `pinned to core ${CLIENT_CPU}` : 'not pinned (taskset failed)'}`,
      batch_size: BATCH,
      batches_per_run: batchesPerRun,
      rounds,
      concurrent_exports: concurrency,
      warmup_batches_per_protocol: WARMUP_BATCHES,
      compression: 'none (the exporters default)',
      cpu_profile: prof ?? null,
    },
    wire_bytes_per_batch: await wireBytes(),
    goal_records_per_second: 50_000,
    summary: summary.map((s) => ({ ...s, ratio_to_http_json: json0 ? Math.round((s.records_per_second_median / json0) * 100) / 100 : null })),
    total_records_verified: expectedRequests,
    wall_seconds: Math.round((performance.now() - started) / 100) / 10,
    runs,
  };

  const out = path.join(import.meta.dirname, 'results', prof ? 'otlp-profiled.json' : 'otlp.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  const rows = [
    '| protocol | runs | records/s (median) | min – max | vs http/json | export p50 / worst p99 (ms) | server CPU | client CPU |',
    '|---|---|---|---|---|---|---|---|',
    ...result.summary.map(
      (s) =>
        `| ${s.protocol} | ${s.runs} × ${fmt(s.records / s.runs)} | ${fmt(s.records_per_second_median)} | ${fmt(s.records_per_second_min)} – ${fmt(s.records_per_second_max)} | ${s.ratio_to_http_json?.toFixed(2) ?? '–'}x | ${s.export_ms_p50} / ${s.export_ms_p99_max} | ${s.server_cpu_percent}% | ${s.client_cpu_percent}% |`,
    ),
  ];
  process.stdout.write(`${rows.join('\n')}\n\nevery one of ${fmt(expectedRequests)} records counted exactly once; raw results in ${path.relative(process.cwd(), out)}\n`);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
