import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The production server entry, found relative to this folder (never an absolute path). */
export const SERVER_ENTRY = path.resolve(import.meta.dirname, '../../../apps/server/dist/index.js');
/** The dashboard's production build the server serves. */
export const DASHBOARD_DIST = path.resolve(import.meta.dirname, '../../../apps/dashboard/dist');

/** A free TCP port on 127.0.0.1, found by listening on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The real server as a child process (`node apps/server/dist/index.js`), on a fixed
 * port and database so it can be stopped and started again like a real restart.
 */
export class MonitorProcess {
  #child: ChildProcess | null = null;
  #output: string[] = [];
  readonly url: string;

  private constructor(
    readonly port: number,
    readonly dbPath: string,
    private readonly tmpDir: string,
    /** Extra environment for the child (e.g. MONITORING_TOKEN), over the defaults. */
    readonly env: Readonly<Record<string, string>>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** A server on a free port with a fresh database file in a temporary folder, and `env` added to its environment. */
  static async create(env: Readonly<Record<string, string>> = {}): Promise<MonitorProcess> {
    if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`pnpm build\` at the repository root first`);
    if (!fs.existsSync(path.join(DASHBOARD_DIST, 'index.html'))) throw new Error(`${DASHBOARD_DIST} is missing: run \`pnpm build\` first`);
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-e2e-'));
    return new MonitorProcess(await freePort(), path.join(tmpDir, 'monitor.db'), tmpDir, env);
  }

  get running(): boolean {
    return this.#child !== null;
  }

  async start(): Promise<void> {
    if (this.#child) return;
    // Tokens come only from `env`: one set in the calling shell must not lock the other specs out.
    const { MONITORING_TOKEN: _token, MONITORING_INGEST_TOKEN: _ingest, ...inherited } = process.env;
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env: {
        ...inherited,
        MONITORING_PORT: String(this.port),
        MONITORING_HOST: '127.0.0.1',
        MONITORING_DB: this.dbPath,
        MONITORING_SOURCES: 'none',
        MONITORING_OTLP_GRPC_PORT: 'off',
        MONITORING_LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output.push(chunk.toString());
      if (this.#output.length > 200) this.#output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.#child === child) this.#child = null;
    });
    await this.#waitHealthy(child);
  }

  async #waitHealthy(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${this.#output.join('')}`);
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server not healthy after 20 s:\n${this.#output.join('')}`);
  }

  /** Stops the child by its pid (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    this.#child = null;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and removes its database. */
  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  /** `POST /api/events` (with `token` as a Bearer header when given); throws unless accepted. */
  async post(events: unknown, { token }: { token?: string } = {}): Promise<void> {
    const res = await fetch(`${this.url}/api/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(events),
    });
    if (res.status !== 202) throw new Error(`POST /api/events answered ${res.status}: ${await res.text()}`);
  }
}
