import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { otlpLogsRequest, otlpMetricsRequest, type OtlpLogsRequest } from '@amiga/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canonical, claudeLogRecords, claudeMetrics, exportWith, sdk, someSpans } from '../../../test-support/otel-clients.js';
import { PRICE_TABLE } from '../../../metrics/pricing.js';
import { eventsFromLogs } from '../logs.js';
import { decodeExportRequest, encodeExportResponse, exportResponse, otlpBodyFormat, type ExportOutcome, type OtlpSignal } from './codec.js';

/**
 * The official OpenTelemetry JS exporters as clients of a tiny node:http receiver that decodes
 * with this module: what `-proto` sends must decode to what `-http` (JSON) sends for the same
 * records, once both went through the protocol's zod schemas, and the exporter must accept the
 * encoded responses.
 */

interface Received {
  signal: OtlpSignal;
  format: 'json' | 'protobuf';
  body: Buffer;
}

let server: http.Server;
let base = '';
const received: Received[] = [];
let outcome: ExportOutcome = { rejected: 0 };
const warnings: string[] = [];

const { diag, DiagLogLevel } = sdk.api;
const { OTLPLogExporter: JsonLogExporter } = sdk.logsHttp;
const { OTLPLogExporter: ProtoLogExporter } = sdk.logsProto;
const { OTLPMetricExporter: JsonMetricExporter } = sdk.metricsHttp;
const { OTLPMetricExporter: ProtoMetricExporter } = sdk.metricsProto;
const { OTLPTraceExporter: ProtoTraceExporter } = sdk.traceProto;
const { AggregationTemporality } = sdk.metrics;

const SIGNALS: Record<string, OtlpSignal> = { '/v1/logs': 'logs', '/v1/metrics': 'metrics', '/v1/traces': 'traces' };

beforeAll(async () => {
  const keep = (message: string, ...args: unknown[]) => warnings.push([message, ...args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))].join(' '));
  diag.setLogger({ error: keep, warn: keep, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const signal = SIGNALS[req.url ?? ''];
      const format = otlpBodyFormat(req.headers['content-type']);
      if (!signal || !format) return void res.writeHead(404).end();
      const body = Buffer.concat(chunks);
      received.push({ signal, format, body });
      if (format === 'protobuf') {
        const decoded = decodeExportRequest(signal, body);
        if (!decoded.ok) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(decoded.error);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.from(encodeExportResponse(signal, outcome)));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(exportResponse(signal, outcome)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  diag.disable();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  warnings.length = 0;
  outcome = { rejected: 0 };
});

/** The two bodies of one signal: JSON through the zod schema, protobuf through the decoder. */
function bodies<S extends OtlpSignal>(signal: S) {
  const json = received.find((r) => r.signal === signal && r.format === 'json');
  const proto = received.find((r) => r.signal === signal && r.format === 'protobuf');
  expect(json, 'a JSON request arrived').toBeDefined();
  expect(proto, 'a protobuf request arrived').toBeDefined();
  const decoded = decodeExportRequest(signal, proto!.body);
  if (!decoded.ok) throw new Error(decoded.error);
  return { json: JSON.parse(json!.body.toString('utf8')) as unknown, proto: decoded.value };
}

describe('OTLP/HTTP protobuf decoding against the official exporters', () => {
  it('decodes Claude Code log events exactly as the JSON exporter sends them', async () => {
    const records = await claudeLogRecords(3);
    const json = new JsonLogExporter({ url: `${base}/v1/logs` });
    const proto = new ProtoLogExporter({ url: `${base}/v1/logs` });
    expect((await exportWith(json, records)).code).toBe(0);
    expect((await exportWith(proto, records)).code).toBe(0);
    await Promise.all([json.shutdown(), proto.shutdown()]);

    const { json: jsonBody, proto: protoBody } = bodies('logs');
    const fromJson = otlpLogsRequest.parse(jsonBody);
    expect(canonical(protoBody)).toEqual(canonical(fromJson));

    const record = protoBody.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
    expect(record?.body).toEqual({ stringValue: 'claude_code.api_request' });
    expect(record?.eventName).toBe('claude_code.api_request');
    expect(typeof record?.timeUnixNano).toBe('string');
    expect(record?.attributes).toContainEqual({ key: 'input_tokens', value: { intValue: '1200' } });
    expect(record?.attributes).toContainEqual({ key: 'cost_usd', value: { doubleValue: 0.0123 } });

    // What the monitor makes of both is identical too.
    const now = Date.now() / 1000;
    expect(eventsFromLogs(protoBody, now, PRICE_TABLE)).toEqual(eventsFromLogs(fromJson as OtlpLogsRequest, now, PRICE_TABLE));
    expect(eventsFromLogs(protoBody, now, PRICE_TABLE).events).toHaveLength(4);
  });

  it('decodes delta-temporality Claude Code counters exactly as the JSON exporter sends them', async () => {
    const metrics = await claudeMetrics();
    const options = { temporalityPreference: AggregationTemporality.DELTA };
    const json = new JsonMetricExporter({ url: `${base}/v1/metrics`, ...options });
    const proto = new ProtoMetricExporter({ url: `${base}/v1/metrics`, ...options });
    expect((await exportWith(json, metrics)).code).toBe(0);
    expect((await exportWith(proto, metrics)).code).toBe(0);
    await Promise.all([json.shutdown(), proto.shutdown()]);

    const { json: jsonBody, proto: protoBody } = bodies('metrics');
    expect(canonical(protoBody)).toEqual(canonical(otlpMetricsRequest.parse(jsonBody)));
    const lines = protoBody.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.find((m) => m.name === 'claude_code.lines_of_code.count');
    expect(lines?.sum?.aggregationTemporality).toBe(1); // AGGREGATION_TEMPORALITY_DELTA
    expect(lines?.sum?.isMonotonic).toBe(true);
    expect(lines?.sum?.dataPoints?.map((p) => p.asDouble ?? Number(p.asInt))).toEqual([42, 7]);
  });

  it('decodes spans with hex trace and span ids', async () => {
    const spans = await someSpans();
    const proto = new ProtoTraceExporter({ url: `${base}/v1/traces` });
    expect((await exportWith(proto, spans)).code).toBe(0);
    await proto.shutdown();
    const body = received.find((r) => r.signal === 'traces')!.body;
    const decoded = decodeExportRequest('traces', body);
    if (!decoded.ok) throw new Error(decoded.error);
    const got = decoded.value.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    const byName = new Map(got.map((s) => [s.name, s]));
    for (const span of spans) {
      const ctx = span.spanContext();
      expect(byName.get(span.name)).toMatchObject({ traceId: ctx.traceId, spanId: ctx.spanId });
    }
    const child = byName.get('claude_code.llm_request');
    expect(child?.parentSpanId).toBe(byName.get('claude_code.interaction')?.spanId);
    expect(child?.attributes).toContainEqual({ key: 'model', value: { stringValue: expect.any(String) } });
  });

  it('answers with a partial success the exporter decodes and reports', async () => {
    outcome = { rejected: 2, errorMessage: 'api_request: model: required' };
    const proto = new ProtoLogExporter({ url: `${base}/v1/logs` });
    const result = await exportWith(proto, await claudeLogRecords(2));
    await proto.shutdown();
    expect(result.code).toBe(0);
    expect(warnings.join('\n')).toMatch(/Partial Success/i);
    expect(warnings.join('\n')).toContain('api_request: model: required');
    expect(warnings.join('\n')).toMatch(/rejectedLogRecords"?:\s*"?2/);
  });
});
