import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../child.js';
import { ensureDebianPackage } from './packages.js';

/** The nginx config shipped in the repository: what a user deploys. */
export const SHIPPED_CONFIG = path.resolve(import.meta.dirname, '../../../../../deploy/nginx/amiga-monitor.conf');

export interface NginxService {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Runs nginx (Debian's package) in the foreground on 127.0.0.1 and a free port with
 * the shipped config, only its upstream servers and listen address replaced by the
 * test's nodes; `sticky: false` removes `ip_hash`, as a control that shows why it is there.
 */
export async function startNginx(upstreamPorts: readonly number[], { sticky = true } = {}): Promise<NginxService> {
  const bin = ensureDebianPackage('nginx-light', ['/usr/sbin/nginx']);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-nginx-'));
  let site = fs.readFileSync(SHIPPED_CONFIG, 'utf8');
  const servers = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  site = site.replace(/^\s*server \S+:\d+[^\n]*;\n/gm, '').replace('upstream amiga_monitor {\n', `upstream amiga_monitor {\n${servers}\n`);
  site = site.replace(/listen 8080;/, `listen 127.0.0.1:${port};`);
  if (!sticky) site = site.replace(/^\s*ip_hash;\n/m, '');
  if (!site.includes(`listen 127.0.0.1:${port};`) || !site.includes(servers)) throw new Error('the shipped nginx config no longer has the expected upstream and listen lines');
  fs.writeFileSync(path.join(dir, 'amiga-monitor.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http { access_log off; ${temp} include ${dir}/amiga-monitor.conf; }
`,
  );
  const child: ChildProcess = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d) => (errors += d));
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}${readIfExists(path.join(dir, 'error.log'))}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      if (Date.now() > until) throw new Error('nginx did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid as number, 'SIGQUIT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
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
