/**
 * Renders a results JSON (default: results/latest.json) as the markdown tables of
 * BENCHMARKS.md: `tsx bench/report.ts [file]`.
 */
import fs from 'node:fs';
import path from 'node:path';

type Row = Record<string, unknown> & { name: string };
const file = process.argv[2] ?? path.join(import.meta.dirname, 'results/latest.json');
const run = JSON.parse(fs.readFileSync(file, 'utf8')) as { date: string; machine: Record<string, unknown>; command: string; results: Row[] };

const get = (r: Row | undefined, p: string): unknown => p.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r);
const fmt = (v: unknown): string => (v === undefined || v === null ? '–' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
const byName = new Map(run.results.map((r) => [r.name, r]));

const lines: string[] = [];
lines.push(`Run ${run.date} on ${fmt(run.machine.cpus)} cores (${fmt(run.machine.model)}), ${fmt(run.machine.memory_gb)} GiB, Node ${fmt(run.machine.node)}: \`${run.command}\``, '');

const fan = run.results.filter((r) => 'latency_ms' in r);
lines.push('| scenario | server | clients | failures | p50 ms | p99 ms | p99.9 ms | max ms | delivered / expected | missed | update bytes | MB/s out | server CPU % | CPU ms / 1k deliveries | RSS MB | loop p99 ms | computations/s | serialisations/s |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of fan) {
  lines.push(
    `| ${r.name} | ${fmt(r.target)} ${r.transport === 'sse' ? '(SSE)' : '(WS)'} | ${fmt(r.clients_connected)} | ${fmt(r.connect_failures)} | ${fmt(get(r, 'latency_ms.p50'))} | ${fmt(get(r, 'latency_ms.p99'))} | ${fmt(get(r, 'latency_ms.p999'))} | ${fmt(get(r, 'latency_ms.max'))} | ${fmt(r.updates_delivered)} / ${fmt(r.updates_expected)} | ${fmt(r.updates_missed)} | ${fmt(r.avg_update_bytes)} | ${fmt(Math.round(Number(r.bytes_per_second) / 1e5) / 10)} | ${fmt(r.server_cpu_percent)} | ${fmt(r.server_cpu_ms_per_1000_deliveries)} | ${fmt(r.server_rss_mb)} | ${fmt(r.event_loop_delay_p99_ms)} | ${fmt(r.snapshot_computations_per_s)} | ${fmt(r.serialisations_per_s)} |`,
  );
}
lines.push('');

const ratio = (a: string, b: string, key: string) => {
  const x = Number(get(byName.get(a), key));
  const y = Number(get(byName.get(b), key));
  return Number.isFinite(x) && Number.isFinite(y) && y !== 0 ? `${(Math.round((x / y) * 100) / 100).toLocaleString('en-US')}x` : '–';
};
lines.push('| comparison | CPU per delivery | p50 | p99 |', '|---|---|---|---|');
for (const [a, b] of [
  ['fanout-ws-1000', 'floor-ws-1000'],
  ['fanout-ws-5000', 'floor-ws-5000'],
  ['fanout-ws-10000', 'floor-ws-10000'],
  ['fanout-ws-10000', 'oneloop-ws-10000'],
  ['seed-ws-1000', 'fanout-ws-1000'],
] as const) {
  if (byName.has(a) && byName.has(b)) lines.push(`| ${a} vs ${b} | ${ratio(a, b, 'server_cpu_ms_per_1000_deliveries')} | ${ratio(a, b, 'latency_ms.p50')} | ${ratio(a, b, 'latency_ms.p99')} |`);
}
lines.push('');
for (const r of run.results.filter((r) => !('latency_ms' in r))) lines.push(`- **${r.name}**: \`${JSON.stringify({ ...r, name: undefined })}\``);
process.stdout.write(`${lines.join('\n')}\n`);
