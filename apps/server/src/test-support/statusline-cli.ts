import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * `amiga-monitor statusline` as Claude Code runs it: the built CLI (dist/cli/main.js) as a child
 * process, stdin in, stdout out, timed. The build is brought up to date first when src/cli is newer.
 */

const serverDir = path.resolve(import.meta.dirname, '../..');
export const CLI_MAIN = path.join(serverDir, 'dist/cli/main.js');

/** Builds the server (tsc) when dist/cli is missing or older than any file of src/cli it is built from. */
export function ensureBuilt(): void {
  const srcDir = path.join(serverDir, 'src/cli');
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const built = (f: string) => path.join(serverDir, 'dist/cli', f.replace(/\.ts$/, '.js'));
  const stale = sources.some((f) => !fs.existsSync(built(f)) || fs.statSync(built(f)).mtimeMs < fs.statSync(path.join(srcDir, f)).mtimeMs);
  if (!stale) return;
  // Test files run in parallel workers: one builds, the others wait for it (a folder as the lock).
  const lock = path.join(serverDir, 'dist/.statusline-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  try {
    fs.mkdirSync(lock);
  } catch {
    const until = Date.now() + 120_000;
    while (fs.existsSync(lock) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    return;
  }
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: serverDir, stdio: 'pipe' });
  } finally {
    fs.rmdirSync(lock);
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** From spawn to the process's exit, in ms. */
  ms: number;
}

/**
 * Runs `node dist/cli/main.js <args>` with `input` on stdin (closed after it, unless `keepStdinOpen`)
 * and only the environment given (plus PATH), so the test's MONITORING_* never leak in.
 */
export function runCli(args: string[], options: { input?: string; env?: Record<string, string>; keepStdinOpen?: boolean; command?: string } = {}): Promise<CliRun> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env };
  const start = performance.now();
  const child =
    options.command === undefined
      ? spawn(process.execPath, [CLI_MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', options.command], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (options.input !== undefined) child.stdin.write(options.input);
  if (!options.keepStdinOpen) child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (options.keepStdinOpen) child.stdin.destroy();
      resolve({ code, stdout, stderr, ms: performance.now() - start });
    });
  });
}

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A local HTTP server on 127.0.0.1 recording every request: `answer` (default 200 `{}`) replies at
 * once; `never` accepts the request and never answers.
 */
export async function recordingServer(mode: { status?: number } | 'never' = {}): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (mode === 'never') return;
      res.writeHead(mode.status ?? 200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
