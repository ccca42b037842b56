import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { claudeLogRecords, claudeMetrics, exportWith, sdk, someSpans } from '../test-support/otel-clients.js';
import { startServer } from '../test-support/server.js';

/**
 * The official OpenTelemetry JS exporters, http/json and http/protobuf, against the real server
 * (route table, ingest service, store): exact counts either way, a retried batch counted once,
 * and the token refused or accepted as configured.
 */
const TOKEN = 'otlp-ingest-token-0123456789';

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Overview = { claude_api: { total_requests: number; total_input_tokens: number }; tools: { total_calls: number } };
const overview = async (a: App) =>
  ((await (await fetch(`${a.url}/api/metrics/overview?hours=24`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Overview);
const otlpStatus = async (a: App) =>
  ((await (await fetch(`${a.url}/api/sources`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { sources: Array<{ name: string; status: { spans: number; log_records: { accepted: number }; metrics: { data_points: number } } }> })
    .sources.find((s) => s.name === 'otlp')?.status;

const exporters = {
  'http/json': { logs: sdk.logsHttp.OTLPLogExporter, metrics: sdk.metricsHttp.OTLPMetricExporter },
  'http/protobuf': { logs: sdk.logsProto.OTLPLogExporter, metrics: sdk.metricsProto.OTLPMetricExporter },
} as const;

describe.each(Object.keys(exporters) as Array<keyof typeof exporters>)('OTLP over %s with the official exporters', (protocol) => {
  it('counts every api_request exactly once, also when a batch is sent again, and accepts metrics', async () => {
    app = await startServer({ sources: ['otlp'], token: TOKEN });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const logs = new exporters[protocol].logs({ url: `${app.url}/v1/logs`, headers });
    const records = await claudeLogRecords(20, `sess-${protocol}`);
    expect((await exportWith(logs, records)).code).toBe(0);
    expect((await exportWith(logs, records)).code).toBe(0);
    await logs.shutdown();
    const totals = await overview(app);
    expect(totals.claude_api.total_requests).toBe(20);
    expect(totals.tools.total_calls).toBe(1);

    const metrics = new exporters[protocol].metrics({
      url: `${app.url}/v1/metrics`,
      headers,
      temporalityPreference: sdk.metrics.AggregationTemporality.DELTA,
    });
    expect((await exportWith(metrics, await claudeMetrics(`sess-${protocol}`))).code).toBe(0);
    await metrics.shutdown();
    expect((await otlpStatus(app))?.metrics.data_points).toBeGreaterThan(0);
    // Metrics are cross-checks only: the request count is unchanged.
    expect((await overview(app)).claude_api.total_requests).toBe(20);
  });

  it('refuses an export without the token, and stores nothing of it', async () => {
    app = await startServer({ sources: ['otlp'], token: TOKEN });
    const logs = new exporters[protocol].logs({ url: `${app.url}/v1/logs` });
    expect((await exportWith(logs, await claudeLogRecords(3))).code).toBe(1);
    await logs.shutdown();
    expect((await overview(app)).claude_api.total_requests).toBe(0);
  });
});

describe('OTLP traces over http/protobuf', () => {
  it('accepts spans and counts them (they are not kept)', async () => {
    app = await startServer({ sources: ['otlp'] });
    const traces = new sdk.traceProto.OTLPTraceExporter({ url: `${app.url}/v1/traces` });
    expect((await exportWith(traces, await someSpans())).code).toBe(0);
    await traces.shutdown();
    const status = (await (await fetch(`${app.url}/api/sources`)).json()) as { sources: Array<{ name: string; status: { spans: number } }> };
    expect(status.sources.find((s) => s.name === 'otlp')?.status.spans).toBe(2);
  });
});
