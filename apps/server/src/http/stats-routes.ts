import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Handler } from './route.js';

export interface StatsSources {
  broadcaster: Broadcaster;
  /** Connected Socket.IO clients. */
  clients(): number;
  sseStreams(): number;
}

/**
 * `GET /api/stats`: the server's own counters (snapshot computations, frames,
 * broadcasts, deliveries), event-loop delay and memory, for benchmarks and
 * operators. `?reset=1` restarts the event-loop delay histogram.
 */
export function statsHandler(sources: StatsSources): Handler {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return (req, res) => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const memory = process.memoryUsage();
    res.json({
      clients: sources.clients(),
      sse_streams: sources.sseStreams(),
      subscribers: sources.broadcaster.subscriberCount,
      windows: sources.broadcaster.windowCount,
      broadcaster: sources.broadcaster.stats,
      event_loop_delay_ms: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      memory_mb: { rss: Math.round(memory.rss / 1048576), heap_used: Math.round(memory.heapUsed / 1048576) },
      uptime_s: Math.round(process.uptime()),
    });
    if (req.query.reset === '1') loop.reset();
  };
}
