// `pnpm run pack` writes one npm package; installed into an empty prefix, its `amiga-monitor`
// command prints its version and help and serves the API and the packaged dashboard.
//
// Slow: `npm install -g` fetches the dependencies from the npm registry and compiles
// better-sqlite3 (its prebuilt download fails here; npm 11 runs its install script only with
// --allow-scripts=better-sqlite3): 70-90 s here even with an empty npm cache, about 190 s when
// the 2 cores are busy; the install hook has a 10-minute timeout.
// It needs the registry: when that is unreachable the test fails and says so.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitHealthy } from '../test-support/child.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../../..');
const serverPkg = JSON.parse(fs.readFileSync(path.join(root, 'apps/server/package.json'), 'utf8')) as { version: string };
const tarball = path.join(root, 'dist', `amiga-monitor-${serverPkg.version}.tgz`);
const INSTALL_MS = 600_000;

let tmp: string;
let bin: string;

/** Debian's bundle of the machine's trusted certificates (a registry proxy's CA is added there, not to Node's own list). */
const SYSTEM_CA = '/etc/ssl/certs/ca-certificates.crt';

/**
 * npm's environment for the install: the machine's CA bundle when none is named (under a plain
 * `env -i` environment npm otherwise fails every registry request with SELF_SIGNED_CERT_IN_CHAIN
 * and retries for minutes), few quick retries, and the headers for better-sqlite3's native build.
 */
const npmEnv: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr',
  npm_config_fetch_retries: '2',
  npm_config_fetch_retry_maxtimeout: '10000',
  ...(process.env.NODE_EXTRA_CA_CERTS === undefined && fs.existsSync(SYSTEM_CA) ? { NODE_EXTRA_CA_CERTS: SYSTEM_CA } : {}),
};

/** Throws a clear error when the npm registry does not answer: the install cannot work without it. */
async function assertRegistryReachable(): Promise<void> {
  const { stdout } = await run('npm', ['config', 'get', 'registry'], { env: npmEnv });
  const registry = stdout.trim().replace(/\/?$/, '/');
  try {
    // `npm ping` asks the registry itself (a `view` can answer from the cache), with the install's TLS settings.
    await run('npm', ['ping'], { env: npmEnv, timeout: 60_000 });
  } catch (err) {
    throw new Error(
      `pack.test cannot run: the npm registry ${registry} is unreachable (${String(err)}` +
        `${err instanceof Error && err.cause ? `: ${String(err.cause)}` : ''}); ` +
        'installing the packed tarball needs it for the dependencies',
    );
  }
}

beforeAll(async () => {
  await assertRegistryReachable();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-pack-'));
  await run('pnpm', ['run', 'pack'], { cwd: root, maxBuffer: 64 << 20 });
  expect(fs.existsSync(tarball)).toBe(true);
  const prefix = path.join(tmp, 'prefix');
  await run('npm', ['install', '-g', '--prefix', prefix, '--allow-scripts=better-sqlite3', '--no-audit', '--no-fund', tarball], {
    cwd: tmp,
    env: npmEnv,
    maxBuffer: 64 << 20,
  });
  bin = path.join(prefix, 'bin', 'amiga-monitor');
}, INSTALL_MS);

// The installed prefix holds thousands of files: removing them took over 20 s on a loaded machine.
afterAll(async () => {
  if (tmp) await fs.promises.rm(tmp, { recursive: true, force: true });
}, 180_000);

describe('the packed amiga-monitor package', () => {
  it('holds the server, the dashboard and the bundled protocol, and depends on no workspace package', async () => {
    const { stdout } = await run('tar', ['tzf', tarball], { maxBuffer: 16 << 20 });
    const files = stdout.split('\n');
    expect(files).toContain('package/dist/cli/main.js');
    expect(files).toContain('package/dashboard/index.html');
    expect(files).toContain('package/node_modules/@amiga/protocol/dist/index.js');
    expect(files.some((f) => f.endsWith('.test.js') || f.endsWith('.map'))).toBe(false);
    const { stdout: json } = await run('tar', ['xzf', tarball, '-O', 'package/package.json']);
    const pkg = JSON.parse(json) as { dependencies: Record<string, string>; bundleDependencies: string[] };
    expect(pkg.bundleDependencies).toEqual(['@amiga/protocol']);
    for (const [name, v] of Object.entries(pkg.dependencies)) expect(`${name}@${v}`).toMatch(/@\d+\.\d+\.\d+$/);
    expect(pkg.dependencies).not.toHaveProperty('vitest');
  });

  it('prints its version and its help', async () => {
    const { stdout: v } = await run(bin, ['--version']);
    expect(v.trim()).toBe(serverPkg.version);
    const { stdout: help } = await run(bin, ['--help']);
    expect(help).toContain('usage: amiga-monitor');
    expect(help).toContain('serve');
  });

  it('serves /api/health and the packaged dashboard', async () => {
    const port = await freePort();
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    const db = path.join(tmp, 'pack.db');
    const child = spawn(bin, ['serve', '--port', String(port), '--db', db], {
      cwd: home,
      env: { ...process.env, HOME: home, MONITORING_SOURCES: 'none', MONITORING_OTLP_GRPC_PORT: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const health = await waitHealthy(port, 30_000).catch((err: unknown) => {
        throw new Error(`${String(err)}; output:\n${out}`);
      });
      expect(health.status).toBe('ok');
      expect(fs.existsSync(db)).toBe(true); // better-sqlite3, compiled on install, opened it
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const packaged = fs.readFileSync(path.join(root, 'apps/dashboard/dist/index.html'), 'utf8');
      expect(html).toBe(packaged);
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(asset).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}${asset}`)).status).toBe(200);
    } finally {
      process.kill(child.pid!, 'SIGTERM');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
      if (code === 'timeout') process.kill(child.pid!, 'SIGKILL');
    }
  }, 60_000);
});
