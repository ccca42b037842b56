/**
 * Topic benchmark (not a test): what a client that subscribes to one topic receives,
 * against a client that takes full snapshots, under a mixed workload: one change per
 * second, rotating through a task, a tool call, an API request and an activity line
 * (each changes some topics and leaves the others alone). Bytes are the JSON
 * payloads as received. Prints a JSON result and writes bench/results/topics.json.
 *
 *   pnpm --filter @amiga/server bench:topics
 */
import fs from 'node:fs';
import path from 'node:path';
import { TOPICS, type Topic } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { startTarget } from './lib/targets.js';
import { sleep } from './lib/stats.js';
import { background, post } from './lib/workload.js';

const changes = Number(process.env.BENCH_SECONDS ?? 40);

const change = (k: number) => {
  switch (k % 4) {
    case 0:
      return { type: 'task', id: `topics-${k % 7}`, status: k % 8 === 0 ? 'completed' : 'running', description: `task ${k}` };
    case 1:
      return { type: 'tool_call', tool: ['Read', 'Edit', 'Bash'][k % 3], session_id: `session-${k % 10}`, project: '/work/project-1' };
    case 2:
      return { type: 'api_request', model: 'claude-sonnet-4-5-20250929', input_tokens: 1_000 + k, output_tokens: 100, session_id: `session-${k % 10}`, project: '/work/project-1' };
    default:
      return { type: 'activity', description: `note ${k}` };
  }
};

async function main(): Promise<void> {
  const server = await startTarget('amiga', { cpu: 0 });
  const sockets: Socket[] = [];
  try {
    await post(server.base, background(2000, 10));
    const tally = new Map<string, { updates: number; bytes: number }>();
    const count = (name: string, payload: unknown) => {
      const t = tally.get(name) ?? { updates: 0, bytes: 0 };
      t.updates += 1;
      t.bytes += Buffer.byteLength(JSON.stringify(payload));
      tally.set(name, t);
    };
    const open = async (setup: (s: Socket) => void) => {
      const s = connect(server.base, { transports: ['websocket'], forceNew: true });
      sockets.push(s);
      await new Promise((resolve) => s.once('connected', resolve));
      setup(s);
    };
    await open((s) => {
      s.on('metrics_update', (p) => count('full snapshots', p));
      s.emit('subscribe', { hours: 24, update_interval: 1 });
    });
    await open((s) => {
      s.on('metrics_update', (p) => count('deltas', p));
      s.on('metrics_delta', (p) => count('deltas', p));
      s.emit('subscribe', { hours: 24, update_interval: 1, delta: true });
    });
    for (const topic of TOPICS) {
      await open((s) => {
        s.on('topic_update', (p) => count(`topic ${topic}`, p));
        s.emit('subscribe_topics', { topics: [topic satisfies Topic], hours: 24, update_interval: 1 });
      });
    }
    await sleep(2_000);
    tally.clear(); // what the subscriptions sent at first is not part of the measurement
    for (let k = 0; k < changes; k++) {
      const tick = performance.now();
      await post(server.base, change(k));
      await sleep(Math.max(0, 1000 - (performance.now() - tick)));
    }
    await sleep(2_000);
    const full = tally.get('full snapshots') ?? { updates: 0, bytes: 0 };
    const rows = [...tally].map(([name, t]) => ({
      subscription: name,
      updates: t.updates,
      avg_bytes: t.updates ? Math.round(t.bytes / t.updates) : 0,
      bytes_per_change: Math.round(t.bytes / changes),
      share_of_full_bytes: full.bytes ? Math.round((t.bytes / full.bytes) * 1000) / 10 : undefined,
    }));
    const out = { date: new Date().toISOString(), command: 'pnpm --filter @amiga/server bench:topics', changes, rows };
    fs.writeFileSync(path.join(import.meta.dirname, 'results', 'topics.json'), `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop();
  }
  process.exit(0);
}

void main();
