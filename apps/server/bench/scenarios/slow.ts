import { sleep, summarize } from '../lib/stats.js';
import { fanout } from './fanout.js';

/**
 * 5% of the clients stop reading for `pauseSeconds` while a change happens every
 * second: the others' latency must not move, server memory must stay bounded, and a
 * slow client that catches up must hold the newest data.
 */
export async function slowConsumers({ clients, pauseSeconds, cpu }: { clients: number; pauseSeconds: number; cpu: number }) {
  const baseline = 10;
  const slowEvery = 20; // 5%
  const rss: number[] = [];
  let pausedAt = 0;
  let resumedAt = 0;
  const result = await fanout({
    name: 'slow-ws',
    target: 'amiga',
    clients,
    transport: 'ws',
    seconds: baseline + pauseSeconds + 10,
    cpu,
    during: async (all, server) => {
      await sleep(baseline * 1000);
      const slow = all.filter((c) => c.index % slowEvery === 0);
      pausedAt = baseline;
      for (const c of slow) c.pause?.(true);
      for (let s = 0; s < pauseSeconds; s++) {
        rss.push(server.rssMb());
        await sleep(1000);
      }
      for (const c of slow) c.pause?.(false);
      resumedAt = baseline + pauseSeconds;
    },
    groups: (index, marker) => `${index % slowEvery === 0 ? 'slow' : 'others'}/${marker <= pausedAt ? 'before' : marker <= resumedAt ? 'during' : 'after'}`,
  });
  const latency = result.latency_by_group ?? {};
  return {
    ...result,
    name: `slow-ws-${clients}`,
    pause_seconds: pauseSeconds,
    rss_during_pause_mb: summarize(rss),
    others_p99_before_ms: latency['others/before']?.p99,
    others_p99_during_ms: latency['others/during']?.p99,
  };
}
