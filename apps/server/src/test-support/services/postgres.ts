import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../child.js';
import { ensureDebianPackage } from './packages.js';

export interface PostgresService {
  /** The `amiga` database (user `amiga`, no password: trust on 127.0.0.1 only). */
  readonly url: string;
  readonly port: number;
  /** Pid of the postmaster while it runs. */
  readonly pid: number | undefined;
  readonly dataDir: string;
  /** Creates an empty database (name: lower case letters, digits, `_`); returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown by pid (SIGINT), waiting for the postmaster to exit; the data stays for `start()`. */
  stop(): Promise<void>;
  /** Starts again on the same data and port. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops and removes the data (done at process exit too, for a service never destroyed). */
  destroy(): Promise<void>;
}

const ROOT = process.getuid?.() === 0;

/** Debian's PostgreSQL binaries (the newest installed), installing the package when there are none. */
function binDir(): string {
  const newest = () => {
    const base = '/usr/lib/postgresql';
    const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
    const v = versions.sort((a, b) => Number(b) - Number(a))[0];
    return v === undefined ? undefined : path.join(base, v, 'bin');
  };
  const found = newest();
  if (found) return found;
  ensureDebianPackage('postgresql', ['13', '14', '15', '16', '17', '18'].map((v) => `/usr/lib/postgresql/${v}/bin/initdb`));
  const installed = newest();
  if (!installed) throw new Error('installed postgresql, but found no /usr/lib/postgresql/*/bin/initdb');
  return installed;
}

/**
 * How to run a command as the `postgres` user: Debian's `runuser` (or `su` where it is missing),
 * by absolute path, since both live in `sbin`/`bin` folders a normal user's PATH may lack.
 */
export function asPostgres(bin: string, args: readonly string[]): [string, string[]] {
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => fs.existsSync(p));
  if (runuser) return [runuser, ['-u', 'postgres', '--', bin, ...args]];
  const su = ['/usr/bin/su', '/bin/su'].find((p) => fs.existsSync(p)) ?? '/bin/su';
  const quoted = [bin, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
  return [su, ['-s', '/bin/sh', 'postgres', '-c', quoted]];
}

/** Runs a PostgreSQL tool as the `postgres` user when we are root (initdb and postgres refuse to run as root). */
function runTool(bin: string, args: string[]): string {
  const [cmd, argv] = ROOT ? asPostgres(bin, args) : [bin, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

/** Whether a process exists (a zombie, reaped by no one in some containers, counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Starts a throwaway PostgreSQL (Debian's, installed when missing) on 127.0.0.1 and
 * a free port, in a temporary directory, tuned for tests (no fsync). Start it once
 * per test file (it takes a few seconds) and give each test that needs isolation its
 * own database with `createDatabase`. Call `stop()` or `destroy()` in afterAll; a
 * server still running when the process exits is shut down then.
 */
export async function startPostgres(): Promise<PostgresService> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-pg-'));
  const dataDir = path.join(dir, 'data');
  if (ROOT) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    fs.chownSync(dir, uid, gid);
  }
  runTool(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'amiga', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);

  let port = 0;
  let pid: number | undefined;
  let destroyed = false;
  const pidFile = path.join(dataDir, 'postmaster.pid');

  const start = async () => {
    if (pid !== undefined && alive(pid)) return;
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-k ${dir}`,
      '-c fsync=off -c synchronous_commit=off -c full_page_writes=off',
      '-c shared_buffers=32MB -c max_connections=200',
    ].join(' ');
    runTool(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-l', path.join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options, 'start']);
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  };

  const stop = async () => {
    const p = pid;
    pid = undefined;
    if (p === undefined || !alive(p)) return;
    process.kill(p, 'SIGINT');
    const until = Date.now() + 30_000;
    while (alive(p)) {
      if (Date.now() > until) {
        process.kill(p, 'SIGQUIT');
        throw new Error(`postgres ${p} did not stop within 30 s`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const remove = () => {
    if (destroyed) return;
    destroyed = true;
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGQUIT');
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  process.once('exit', remove);

  // The port is free when chosen but may be taken before the server binds it (tests run in parallel): try another.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (err) {
      if (attempt >= 3) {
        remove();
        throw new Error(`postgres did not start: ${(err as Error).message}\n${readIfExists(path.join(dir, 'postgres.log'))}`);
      }
    }
  }

  const url = (db: string) => `postgres://amiga@127.0.0.1:${port}/${db}`;
  const createDatabase = async (name: string) => {
    if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return url(name);
  };
  await createDatabase('amiga');

  return {
    url: url('amiga'),
    port,
    get pid() {
      return pid;
    },
    dataDir,
    createDatabase,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      await stop();
      remove();
      process.off('exit', remove);
    },
  };
}

function readIfExists(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
