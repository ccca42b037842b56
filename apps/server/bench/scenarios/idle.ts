import { LightSocket } from '../lib/light-socket.js';
import { pool, sleep } from '../lib/stats.js';
import { startTarget } from '../lib/targets.js';

/** Many connected clients that never subscribe: what does holding them cost? */
export async function idle({ clients, cpu }: { clients: number; cpu: number }) {
  const server = await startTarget('amiga', { cpu });
  const rssEmpty = server.rssMb();
  const sockets: LightSocket[] = [];
  let failures = 0;
  const t0 = performance.now();
  await pool(
    Array.from({ length: clients }, (_, i) => i),
    200,
    async () => {
      const s = new LightSocket({ base: server.base, subscribe: null, onUpdate: () => {} });
      try {
        await s.open();
        sockets.push(s);
      } catch {
        failures += 1;
      }
    },
  );
  const connectSeconds = (performance.now() - t0) / 1000;
  await sleep(5_000);
  const cpu0 = server.cpuMs();
  const w0 = performance.now();
  await sleep(10_000);
  const cpuPercent = ((server.cpuMs() - cpu0) / (performance.now() - w0)) * 100;
  const rss = server.rssMb();
  const health = (await (await fetch(`${server.base}/api/health`)).json()) as { clients: number };
  for (const s of sockets) s.close();
  await server.stop();
  return {
    name: `idle-ws-${clients}`,
    clients_connected: sockets.length,
    connect_failures: failures,
    server_counted_clients: health.clients,
    connect_seconds: Math.round(connectSeconds * 10) / 10,
    server_rss_empty_mb: rssEmpty,
    server_rss_mb: rss,
    rss_per_1000_clients_mb: Math.round(((rss - rssEmpty) / sockets.length) * 1000 * 10) / 10,
    idle_cpu_percent: Math.round(cpuPercent * 10) / 10,
  };
}
