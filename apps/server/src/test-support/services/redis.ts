import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../child.js';
import { ensureDebianPackage } from './packages.js';

export interface RedisService {
  readonly url: string;
  readonly port: number;
  /** Pid of the running server (undefined while stopped). */
  readonly pid: number | undefined;
  /** Stops the server by its pid (its data is gone: nothing is saved). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** Bytes Redis received and sent so far (INFO stats). */
  traffic(): Promise<{ input: number; output: number }>;
}

/** Starts a throwaway redis-server on 127.0.0.1 and a free port, saving nothing to disk. */
export async function startRedis(): Promise<RedisService> {
  const bin = ensureDebianPackage('redis-server', ['/usr/bin/redis-server']);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-redis-'));
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
      stdio: 'ignore',
    });
    const until = Date.now() + 10_000;
    while ((await command(port, 'PING').catch(() => '')) !== '+PONG') {
      if (Date.now() > until) throw new Error(`redis-server did not answer on port ${port}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    process.kill(c.pid as number, 'SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid;
    },
    start,
    stop: async () => {
      await stop();
    },
    async traffic() {
      const info = await command(port, 'INFO stats');
      const read = (key: string) => Number(new RegExp(`${key}:(\\d+)`).exec(info)?.[1] ?? NaN);
      return { input: read('total_net_input_bytes'), output: read('total_net_output_bytes') };
    },
  };
}

/** Sends one inline command and returns the raw reply (enough for PING and INFO). */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (d) => {
      reply += d.toString();
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if (!bulk && reply.endsWith('\r\n')) socket.end();
      else if (bulk && Buffer.byteLength(reply) >= bulk[0].length + Number(bulk[1]) + 2) socket.end();
    });
    socket.on('close', () => resolve(reply.trim()));
    socket.on('error', reject);
  });
}
