import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, ServerProcess } from './server-process.js';

export type TargetKind = 'amiga' | 'floor' | 'seed';

const serverDir = path.resolve(import.meta.dirname, '../..');
/** The original Flask-SocketIO monitor (Python), the reference the benchmarks compare against; it lives in the workspace's shared folder beside the repository, not in it. */
export const SEED_SERVER = path.resolve(serverDir, '../../../shared/anchors/seed-reference/monitoring_server.py');

export interface StartOptions {
  /** Core the server is pinned to. */
  cpu: number;
  /** Floor only: bytes per frame, to match the real snapshot. */
  frameBytes?: number;
  /** AMIGA only: reuse this database file. */
  dbPath?: string;
  port?: number;
  /** AMIGA only: more environment (cluster settings). */
  env?: Record<string, string>;
}

/** Starts a server of the given kind and waits until it answers. */
export async function startTarget(kind: TargetKind, o: StartOptions): Promise<ServerProcess> {
  const port = o.port ?? (await freePort());
  let proc: ServerProcess;
  if (kind === 'amiga') {
    const dbPath = o.dbPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-bench-')), 'bench.db');
    proc = new ServerProcess(
      'amiga',
      [process.execPath, path.join(serverDir, 'dist/index.js')],
      {
        MONITORING_PORT: String(port),
        MONITORING_DB: dbPath,
        MONITORING_SOURCES: 'none',
        MONITORING_LOG_LEVEL: 'warn',
        // Every bench client comes from 127.0.0.1: per-IP limits would refuse the load itself.
        MONITORING_RATE_LIMIT: 'off',
        MONITORING_CONNECT_RATE: 'off',
        MONITORING_EVENT_RATE: 'off',
        ...o.env,
      },
      port,
      o.cpu,
    );
    await proc.ready('/api/health');
  } else if (kind === 'floor') {
    proc = new ServerProcess(
      'floor',
      [process.execPath, '--import', 'tsx', path.join(serverDir, 'bench/floor/floor-server.ts')],
      { PORT: String(port), FLOOR_FRAME_BYTES: String(o.frameBytes ?? 4000) },
      port,
      o.cpu,
      serverDir,
    );
    await proc.ready('/health');
  } else {
    proc = new ServerProcess('seed', ['/usr/bin/python3', SEED_SERVER], { MONITORING_PORT: String(port) }, port, o.cpu);
    await proc.ready('/');
  }
  return proc;
}

export function seedAvailable(): { ok: boolean; why?: string } {
  if (!fs.existsSync(SEED_SERVER)) return { ok: false, why: `no Flask-SocketIO reference server at ${SEED_SERVER}` };
  for (const mod of ['flask_socketio', 'eventlet']) {
    if (!fs.existsSync(`/usr/lib/python3/dist-packages/${mod}`)) {
      return { ok: false, why: 'python3-flask-socketio / python3-eventlet not installed (apt-get install -y python3-flask-socketio python3-eventlet)' };
    }
  }
  return { ok: true };
}
