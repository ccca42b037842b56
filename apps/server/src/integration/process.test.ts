import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const serverDir = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-proc-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Runs the server's real entry point (from source, through tsx) as a child process. */
function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/index.ts'], {
    cwd: serverDir,
    env: { ...process.env, MONITORING_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become healthy');
}

describe('the server process', () => {
  it('stops on an invalid configuration with a message naming the variable', async () => {
    const { output, exited } = run({ MONITORING_PORT: 'eighty' });
    expect(await exited).toBe(2);
    expect(output()).toContain('MONITORING_PORT');
  });

  it('shuts down cleanly on SIGTERM and keeps its data for the next start', async () => {
    const port = await freePort();
    const env = { MONITORING_PORT: String(port), MONITORING_DB: path.join(dir, 'm.db'), MONITORING_SOURCES: 'none' };
    const first = run(env);
    await waitHealthy(port);
    const res = await fetch(`http://127.0.0.1:${port}/api/events`, {
      method: 'POST',
      body: JSON.stringify({ type: 'tool_call', tool: 'Glob' }),
    });
    expect(res.status).toBe(202);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('shutting down');

    const second = run(env);
    await waitHealthy(port);
    const overview = (await (await fetch(`http://127.0.0.1:${port}/api/metrics/overview`)).json()) as {
      tools: { by_type: Record<string, number> };
    };
    expect(overview.tools.by_type.Glob).toBe(1);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  });
});
