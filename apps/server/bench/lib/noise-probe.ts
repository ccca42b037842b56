import { spawn } from 'node:child_process';

/**
 * What the machine alone does to an event loop: an idle Node process pinned to a core
 * (the server's), measuring its own event-loop delay the way the server's
 * `/api/stats` does (monitorEventLoopDelay, 10 ms resolution). On this shared machine
 * other processes preempt the server; this shows how much of its delay is that.
 */
export function startNoiseProbe(cpu: number): { stop(): Promise<{ p99: number; max: number } | undefined> } {
  const script = `
    const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    process.stdin.on('data', () => {});
    process.stdin.on('end', () => {
      const ms = (ns) => Math.round(ns / 1e4) / 100;
      process.stdout.write(JSON.stringify({ p99: ms(h.percentile(99)), max: ms(h.max) }));
      process.exit(0);
    });`;
  const child = spawn('taskset', ['-c', String(cpu), process.execPath, '-e', script], { stdio: ['pipe', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      child.stdin.end();
      await exited;
      try {
        return JSON.parse(out) as { p99: number; max: number };
      } catch {
        return undefined;
      }
    },
  };
}
