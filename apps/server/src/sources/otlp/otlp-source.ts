import type { Source } from '../source.js';
import type { MetricTotals } from './metrics.js';

export type OtlpStatus = {
  /** Log records turned into events, refused, and of events the monitor does not count. */
  log_records: { accepted: number; rejected: number; ignored: number };
  /** Events not stored again because a retried export carried them before. */
  duplicates: number;
  /** Spans received on /v1/traces (accepted and not kept). */
  spans: number;
  /** Claude Code's own metric counters since start, for cross-checks (never added to the totals). */
  metrics: MetricTotals;
};

/**
 * The OTLP/HTTP JSON receiver. It runs no loop of its own: while this source is enabled the
 * server mounts `POST /v1/logs`, `/v1/metrics` and `/v1/traces` (see http/otlp-routes.ts), which record here.
 */
export class OtlpSource implements Source {
  readonly name = 'otlp';
  /** Where the OTLP/gRPC receiver listens (`host:port`), once it does. */
  grpcAddress: string | null = null;
  readonly stats: OtlpStatus = {
    log_records: { accepted: 0, rejected: 0, ignored: 0 },
    duplicates: 0,
    spans: 0,
    metrics: { tokens: {}, cost_usd: 0, data_points: 0 },
  };

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  status(): OtlpStatus & { grpc: string | null } {
    return { ...this.stats, grpc: this.grpcAddress };
  }
}
