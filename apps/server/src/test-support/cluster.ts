import type { MetricsSnapshot } from '@amiga/protocol';
import { freePort, runServer, waitHealthy, type ChildServer } from './child.js';
export { post, waitFor } from './server.js';

/** A gateway node: the real entry point in its own process. */
export interface Node {
  readonly id: string;
  readonly port: number;
  readonly url: string;
  server: ChildServer;
  /** Kills it outright (SIGKILL): no graceful shutdown, as in a crash. */
  kill(): Promise<void>;
  /** Stops it gracefully (SIGTERM). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
}

/** Starts a node on a free port with cluster settings; resolves once it is healthy. */
export async function startNode(id: string, env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const fullEnv = {
    MONITORING_PORT: String(port),
    MONITORING_NODE_ID: id,
    MONITORING_OTLP_GRPC_PORT: 'off',
    MONITORING_LOG_LEVEL: 'warn',
    // Every test client comes from 127.0.0.1: per-IP limits would refuse the test itself.
    MONITORING_RATE_LIMIT: 'off',
    MONITORING_CONNECT_RATE: 'off',
    MONITORING_EVENT_RATE: 'off',
    ...env,
  };
  const node: Node = {
    id,
    port,
    url: `http://127.0.0.1:${port}`,
    server: runServer(fullEnv),
    async kill() {
      if (node.server.child.exitCode !== null) return;
      node.server.child.kill('SIGKILL');
      await node.server.exited;
    },
    async stop() {
      if (node.server.child.exitCode !== null) return;
      node.server.child.kill('SIGTERM');
      await node.server.exited;
    },
    async restart() {
      await node.stop();
      node.server = runServer(fullEnv);
      await healthy(node);
    },
  };
  await healthy(node);
  return node;
}

async function healthy(node: Node): Promise<void> {
  try {
    await waitHealthy(node.port, 60_000);
  } catch (err) {
    throw new Error(`node ${node.id} did not start: ${(err as Error).message}\n${node.server.output()}`);
  }
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const snapshotOf = (url: string, hours = 24) => getJson<MetricsSnapshot>(`${url}/api/metrics/snapshot?hours=${hours}`);

/** What a user sees of a snapshot: everything but when it was computed. */
export const visible = (s: MetricsSnapshot) => ({ overview: s.overview, sessions: s.sessions, activity: s.activity, series: s.series, tasks: s.recent_tasks });

export async function health(url: string): Promise<{ status: string; node?: string; problems?: Record<string, string> }> {
  try {
    return await getJson(`${url}/api/health`);
  } catch (err) {
    return { status: `unreachable: ${(err as Error).message}` };
  }
}
