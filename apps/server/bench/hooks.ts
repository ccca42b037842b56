/**
 * Hooks benchmark (not a test): the latency Claude Code sees for each hook it posts, at
 * 500 hooks/s (BENCH_HOOK_RATE) for BENCH_SECONDS (default 10), sent on schedule (open loop:
 * a slow answer does not slow the sender), as 20 sessions cycling through the sequence
 * Claude Code produces (prompt, PreToolUse, PostToolUse with a tool_use_id, a permission
 * prompt, Stop). Side by side in the same run, on the same server, the same rate of
 * `POST /api/events` with one tool call each: the ingest path the hook adds to. The server
 * is the production build on one pinned core with its default SQLite file (FULL sync).
 * Latency is from sending the request to the full answer. Prints JSON, writes bench/results/hooks.json.
 *
 *   pnpm --filter @amiga/server build && pnpm --filter @amiga/server bench:hooks
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTarget } from './lib/targets.js';
import { sleep, summarize } from './lib/stats.js';

const rate = Number(process.env.BENCH_HOOK_RATE ?? 500);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_DB=:memory: measures without the file's commits (to tell the hook's own cost from the fsync's). */
const db = process.env.BENCH_DB;

function hookAt(k: number): Record<string, unknown> {
  const session = `bench-${k % 20}`;
  const step = Math.floor(k / 20) % 6;
  const common = { session_id: session, transcript_path: `/tmp/${session}.jsonl`, cwd: `/work/p${k % 5}`, permission_mode: 'default' };
  const id = `toolu_bench_${Math.floor(k / 20)}_${k % 20}`;
  const input = { command: 'npm test -- --run', description: 'run the tests' };
  switch (step) {
    case 0:
      return { ...common, hook_event_name: 'UserPromptSubmit', prompt: 'fix the failing test in src/cart.ts' };
    case 1:
      return { ...common, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: input, tool_use_id: id };
    case 2:
      return { ...common, hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' };
    case 3:
      return { ...common, hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: input, tool_response: { stdout: 'ok', stderr: '' }, tool_use_id: id, duration_ms: 812 };
    case 4:
      return { ...common, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: '/work/src/cart.ts' }, tool_use_id: `${id}r` };
    default:
      return { ...common, hook_event_name: 'Stop', stop_hook_active: false };
  }
}

async function load(url: string, body: (k: number) => unknown, expected: number): Promise<{ p50: number; p99: number; p999: number; max: number; n: number; errors: number }> {
  const total = rate * seconds;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inflight: Array<Promise<void>> = [];
  for (let k = 0; k < total; k++) {
    const due = started + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = performance.now();
    inflight.push(
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(k)) }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status === expected) latencies.push(performance.now() - sent);
          else errors += 1;
        },
        () => void (errors += 1),
      ),
    );
  }
  await Promise.all(inflight);
  return { ...summarize(latencies), errors };
}

async function main(): Promise<void> {
  const server = await startTarget('amiga', { cpu: 0, ...(db ? { env: { MONITORING_DB: db } } : {}) });
  try {
    // Warm up both paths (JIT, prepared statements), then measure each in turn.
    for (let k = 0; k < 200; k++) await fetch(`${server.base}/api/hooks/claude-code`, { method: 'POST', body: JSON.stringify(hookAt(k)) });
    // Alternated, twice each, so neither path is measured only in a quieter or busier moment of a shared machine.
    const runs: Array<{ path: string; ms: Awaited<ReturnType<typeof load>> }> = [];
    for (let round = 0; round < 2; round++) {
      runs.push({ path: 'events', ms: await load(`${server.base}/api/events`, (k) => ({ type: 'tool_call', tool: 'Bash', session_id: `bench-${k % 20}`, success: true, duration_ms: 812 }), 202) });
      runs.push({ path: 'hooks', ms: await load(`${server.base}/api/hooks/claude-code`, (k) => hookAt(k + round * rate * seconds), 200) });
    }
    const best = (p: string) => runs.filter((r) => r.path === p).map((r) => r.ms).sort((a, b) => a.p99 - b.p99)[0] as Awaited<ReturnType<typeof load>>;
    const result = { rate, seconds, db: db ?? 'file', runs, hooks_best_ms: best('hooks'), events_best_ms: best('events'), p99_ratio: Math.round((best('hooks').p99 / best('events').p99) * 100) / 100 };
    console.log(JSON.stringify(result, null, 2));
    const out = path.join(import.meta.dirname, 'results', 'hooks.json');
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await server.stop();
  }
}

void main();
