import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Broadcaster } from '../broadcaster/broadcaster.js';

export interface ObservedServer {
  broadcaster: Broadcaster;
  /** Connected Socket.IO clients by transport (`websocket`, `polling`): both paths, every metrics namespace, each connection once. */
  clientsByTransport(): Record<string, number>;
  sseStreams(): number;
}

/**
 * The server's Prometheus metrics (`GET /metrics`). Counters kept elsewhere (the
 * broadcaster's) are read at scrape time; the rest are observed where they happen.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly snapshotSeconds: Histogram;
  readonly ingestEvents: Counter<'via' | 'result'>;
  readonly updateBytes: Counter<'transport'>;
  readonly roundTripSeconds: Histogram;
  readonly heartbeatDrops: Counter;

  constructor(server: ObservedServer) {
    const registry = this.registry;
    collectDefaultMetrics({ register: registry, prefix: 'amiga_' });
    const b = server.broadcaster;

    new Gauge({
      name: 'amiga_connected_clients',
      help: 'Connected clients by transport (Socket.IO: JSON and MessagePack paths, / and /metrics, each connection once; sse: event streams)',
      labelNames: ['transport'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [transport, n] of Object.entries(server.clientsByTransport())) this.set({ transport }, n);
        this.set({ transport: 'sse' }, server.sseStreams());
      },
    });
    new Gauge({
      name: 'amiga_subscriptions',
      help: 'Subscribed clients by window (hours)',
      labelNames: ['hours'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [hours, n] of b.subscriptionsByWindow()) this.set({ hours: String(hours) }, n);
      },
    });
    const fromStats = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    fromStats('amiga_updates_sent_total', 'metrics updates handed to clients', () => b.stats.deliveries);
    fromStats('amiga_snapshot_computations_total', 'snapshot computations (one per changed window, not per client)', () => b.stats.computations);
    fromStats('amiga_broadcasts_total', 'one-encode broadcasts of a frame to a group of clients', () => b.stats.broadcasts);
    fromStats('amiga_updates_held_back_total', 'updates held back because the client had not read the previous one', () => b.stats.heldBack);
    fromStats('amiga_slow_consumers_dropped_total', 'clients disconnected for not reading', () => b.stats.evicted);

    this.snapshotSeconds = new Histogram({
      name: 'amiga_snapshot_computation_seconds',
      help: 'Time to compute one window snapshot',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });
    this.ingestEvents = new Counter({
      name: 'amiga_ingest_events_total',
      help: 'Events offered for storage, by where they came from (api, otlp, a source) and result (accepted; refused as invalid; unavailable: not stored, answered 503)',
      labelNames: ['via', 'result'],
      registers: [registry],
    });
    this.roundTripSeconds = new Histogram({
      name: 'amiga_client_round_trip_seconds',
      help: 'Round trip of Socket.IO heartbeats (ping sent to pong received), per client and ping',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
    this.heartbeatDrops = new Counter({
      name: 'amiga_clients_dropped_no_heartbeat_total',
      help: 'Clients dropped because they stopped answering pings',
      registers: [registry],
    });
    this.updateBytes = new Counter({
      name: 'amiga_update_bytes_total',
      help: 'Bytes of metrics updates sent, by transport (socket.io bytes are the JSON payload size)',
      labelNames: ['transport'],
      registers: [registry],
    });
  }
}
