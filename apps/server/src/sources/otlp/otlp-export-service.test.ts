import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../clock.js';
import type { StoredEvent } from '../../store/event.js';
import { PRICE_TABLE } from '../../metrics/pricing.js';
import { claudeLogRecords, claudeMetrics, exportWith, sdk } from '../../test-support/otel-clients.js';
import { OtlpGrpcServer } from './grpc/otlp-grpc-server.js';
import { createOtlpExportService } from './otlp-export-service.js';
import { OtlpSource } from './otlp-source.js';

/** The shared handler behind a real gRPC receiver, fed by the official -grpc exporters. */

class StoreDown extends Error {
  readonly retryAfter = 3;
}

/** Keeps events once per id, like the real stores (their dedup is tested with them). */
class FakeStore {
  events: StoredEvent[] = [];
  down = false;
  private ids = new Set<string>();
  async ingest(events: readonly StoredEvent[]) {
    if (this.down) throw new StoreDown('database is locked');
    let duplicates = 0;
    for (const e of events) {
      const id = 'requestId' in e ? e.requestId : 'callId' in e ? e.callId : 'errorId' in e ? e.errorId : null;
      if (id && this.ids.has(`${e.type}:${id}`)) {
        duplicates += 1;
        continue;
      }
      if (id) this.ids.add(`${e.type}:${id}`);
      this.events.push(e);
    }
    return { stored: events.length - duplicates, duplicates };
  }
}

let server: OtlpGrpcServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function setup() {
  const store = new FakeStore();
  const receiver = new OtlpSource();
  const handler = createOtlpExportService({
    store,
    clock: manualClock(Date.now() / 1000),
    prices: PRICE_TABLE,
    receiver,
    logger: { debug: () => {} },
    isUnavailable: (err) => err instanceof StoreDown,
    retryAfterSeconds: (err) => (err as StoreDown).retryAfter,
  });
  server = new OtlpGrpcServer({ host: '127.0.0.1', port: 0, handler });
  const { port } = await server.start();
  return { store, receiver, handler, url: `http://127.0.0.1:${port}` };
}

const logExporter = (url: string) => new sdk.logsGrpc.OTLPLogExporter({ url });

describe('createOtlpExportService over OTLP/gRPC', () => {
  it('stores Claude Code api_request and tool_result events once, however often an export is retried', async () => {
    const { store, receiver, url } = await setup();
    const records = await claudeLogRecords(2);
    const exporter = logExporter(url);
    expect((await exportWith(exporter, records)).code).toBe(0);
    expect((await exportWith(exporter, records)).code).toBe(0);
    await exporter.shutdown();
    expect(store.events.map((e) => e.type).sort()).toEqual(['api_request', 'api_request', 'tool_call']);
    const request = store.events.find((e) => e.type === 'api_request');
    expect(request).toMatchObject({ model: 'claude-sonnet-4-5-20250929', requestId: 'otlp:req_sess-1_0', sessionId: 'sess-1', project: 'shop' });
    expect(receiver.stats.log_records).toEqual({ accepted: 6, rejected: 0, ignored: 0 });
    expect(receiver.stats.duplicates).toBe(3);
  });

  it('answers UNAVAILABLE while the store is down and counts nothing; the retry counts once', async () => {
    const { store, receiver, handler, url } = await setup();
    store.down = true;
    const records = await claudeLogRecords(1);
    const exporter = logExporter(url);
    const failed = await exportWith(exporter, records);
    expect(failed.code).toBe(1);
    expect((failed.error as { code?: number }).code).toBe(14); // UNAVAILABLE
    expect(receiver.stats.log_records.accepted).toBe(0);
    await expect(handler.exportLogs({})).resolves.toEqual({ rejected: 0 }); // nothing to write: no store call

    store.down = false;
    expect((await exportWith(exporter, records)).code).toBe(0);
    await exporter.shutdown();
    expect(store.events).toHaveLength(2);
    expect(receiver.stats.log_records.accepted).toBe(2);
  });

  it('passes Retry-After from the store error on', async () => {
    const { store, handler } = await setup();
    store.down = true;
    const attrs = [
      { key: 'model', value: { stringValue: 'claude-sonnet-4-5-20250929' } },
      { key: 'input_tokens', value: { intValue: '1' } },
      { key: 'output_tokens', value: { intValue: '1' } },
    ];
    const request = { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: 'claude_code.api_request' }, attributes: attrs }] }] }] };
    await expect(handler.exportLogs(request)).rejects.toMatchObject({ name: 'OtlpUnavailableError', retryAfterSeconds: 3 });
  });

  it('adds Claude Code counters to the cross-check totals', async () => {
    const { receiver, url } = await setup();
    const exporter = new sdk.metricsGrpc.OTLPMetricExporter({ url, temporalityPreference: sdk.metrics.AggregationTemporality.DELTA });
    expect((await exportWith(exporter, await claudeMetrics())).code).toBe(0);
    await exporter.shutdown();
    expect(receiver.stats.metrics.tokens).toEqual({ input: 1200, output: 340 });
    expect(receiver.stats.metrics.cost_usd).toBeCloseTo(0.0123);
  });
});
