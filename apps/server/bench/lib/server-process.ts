import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { sleep } from './stats.js';

const CLK_TCK = 100;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A server under test, in its own process pinned to one core, measured through /proc. */
export class ServerProcess {
  readonly child: ChildProcess;
  #exited = false;
  output = '';

  constructor(
    readonly name: string,
    command: string[],
    env: Record<string, string>,
    readonly port: number,
    cpu: number,
    cwd?: string,
  ) {
    this.child = spawn('taskset', ['-c', String(cpu), ...command], {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-4000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('exit', () => (this.#exited = true));
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async ready(path: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.#exited) throw new Error(`${this.name} exited: ${this.output}`);
      try {
        if ((await fetch(this.base + path)).ok) return;
      } catch {
        // not yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} not ready: ${this.output}`);
  }

  /** User + system CPU time used so far, ms. */
  cpuMs(): number {
    const stat = fs.readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }

  rssMb(): number {
    const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.#exited) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await Promise.race([gone, sleep(5_000)]);
    if (!this.#exited) this.child.kill('SIGKILL');
  }
}
