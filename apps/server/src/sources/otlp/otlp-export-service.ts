import type { OtlpLogsRequest, OtlpMetricsRequest, OtlpTracesRequest } from '@amiga/protocol';
import type { Clock } from '../../clock.js';
import type { Logger } from '../../logging/logger.js';
import type { PriceRow } from '../../metrics/pricing.js';
import type { Store } from '../../store/store.js';
import { OtlpUnavailableError, type ExportOutcome, type OtlpExportHandler } from './export-handler.js';
import { eventsFromLogs } from './logs.js';
import { addMetrics } from './metrics.js';
import type { OtlpSource } from './otlp-source.js';
import { countSpans } from './spans.js';

export interface OtlpExportServiceDeps {
  /** Where events go (the store, or the ingest service in front of it). */
  store: Pick<Store, 'ingest'>;
  clock: Clock;
  prices: readonly PriceRow[];
  /** The OTLP source whose counters this updates. */
  receiver: OtlpSource;
  logger: Pick<Logger, 'debug'>;
  /** Which errors of `store.ingest` mean "cannot write now, retry later". Default: OtlpUnavailableError only. */
  isUnavailable?: (err: unknown) => boolean;
  /** Retry-After of such an error, when it carries one. */
  retryAfterSeconds?: (err: unknown) => number | undefined;
}

/**
 * The one OtlpExportHandler behind every OTLP transport (HTTP JSON, HTTP protobuf, gRPC): Claude
 * Code's log events become stored events (see logs.ts), its metrics update the cross-check
 * counters (see metrics.ts), and spans are counted and dropped (the monitor reads no traces, and
 * refusing them would make a client that exports traces log errors). Counters are updated only
 * once the store has written, so a request answered "unavailable" counts nothing and its retry
 * counts once.
 */
export function createOtlpExportService(deps: OtlpExportServiceDeps): OtlpExportHandler {
  const isUnavailable = deps.isUnavailable ?? ((err: unknown) => err instanceof OtlpUnavailableError);
  return {
    async exportLogs(request: OtlpLogsRequest): Promise<ExportOutcome> {
      const result = eventsFromLogs(request, deps.clock.now(), deps.prices);
      const stats = deps.receiver.stats;
      if (result.events.length > 0) {
        try {
          const stored = await deps.store.ingest(result.events);
          stats.duplicates += stored.duplicates;
        } catch (err) {
          if (err instanceof OtlpUnavailableError || !isUnavailable(err)) throw err;
          throw new OtlpUnavailableError(undefined, deps.retryAfterSeconds?.(err));
        }
      }
      stats.log_records.accepted += result.events.length;
      stats.log_records.rejected += result.rejected;
      stats.log_records.ignored += result.ignored;
      if (result.rejected === 0) return { rejected: 0 };
      deps.logger.debug({ rejected: result.rejected, reasons: result.reasons }, 'OTLP log records refused');
      return { rejected: result.rejected, errorMessage: result.reasons.join('; ') };
    },

    async exportMetrics(request: OtlpMetricsRequest): Promise<ExportOutcome> {
      const result = addMetrics(request, deps.receiver.stats.metrics);
      return result.rejected > 0 ? { rejected: result.rejected, errorMessage: 'data points without a numeric value' } : { rejected: 0 };
    },

    async exportTraces(request: OtlpTracesRequest): Promise<ExportOutcome> {
      deps.receiver.stats.spans += countSpans(request);
      return { rejected: 0 };
    },
  };
}
