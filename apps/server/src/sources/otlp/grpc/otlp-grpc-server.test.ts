import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { otlpLogsRequest, type OtlpLogsRequest, type OtlpMetricsRequest, type OtlpTracesRequest } from '@amiga/protocol';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { canonical, claudeLogRecords, claudeMetrics, exportWith, sdk, someSpans, type ReadableLogRecord } from '../../../test-support/otel-clients.js';
import { OtlpRefusedError, OtlpUnavailableError, type ExportOutcome, type OtlpExportHandler } from '../export-handler.js';
import { OtlpGrpcListenError, OtlpGrpcServer, type OtlpGrpcServerOptions } from './otlp-grpc-server.js';

/** The official OpenTelemetry JS gRPC exporters as clients of the receiver. */

const { OTLPLogExporter: GrpcLogExporter } = sdk.logsGrpc;
const { OTLPMetricExporter: GrpcMetricExporter } = sdk.metricsGrpc;
const { OTLPTraceExporter: GrpcTraceExporter } = sdk.traceGrpc;
const { OTLPLogExporter: JsonLogExporter } = sdk.logsHttp;
const { AggregationTemporality } = sdk.metrics;

const TOKEN = 'a-write-token-of-some-length';

/** A handler that keeps what it was given and answers with `outcome` (or throws `failure`). */
class RecordingHandler implements OtlpExportHandler {
  logs: OtlpLogsRequest[] = [];
  metrics: OtlpMetricsRequest[] = [];
  traces: OtlpTracesRequest[] = [];
  calls = 0;
  outcome: ExportOutcome = { rejected: 0 };
  failure: Error | undefined;

  private async answer(): Promise<ExportOutcome> {
    this.calls += 1;
    if (this.failure) throw this.failure;
    return this.outcome;
  }
  async exportLogs(request: OtlpLogsRequest) {
    const outcome = await this.answer();
    this.logs.push(request);
    return outcome;
  }
  async exportMetrics(request: OtlpMetricsRequest) {
    const outcome = await this.answer();
    this.metrics.push(request);
    return outcome;
  }
  async exportTraces(request: OtlpTracesRequest) {
    const outcome = await this.answer();
    this.traces.push(request);
    return outcome;
  }
}

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function startServer(options: Partial<OtlpGrpcServerOptions> = {}, handler = new RecordingHandler()) {
  const server = new OtlpGrpcServer({ host: '127.0.0.1', port: 0, handler, ...options });
  running.push(server);
  const { port } = await server.start();
  return { server, handler, url: `http://127.0.0.1:${port}`, port };
}

function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

/** Sends log records through a -grpc exporter and returns its verdict, with the gRPC status code of a failure. */
async function sendLogs(url: string, records: ReadableLogRecord[], config: { metadata?: grpc.Metadata; compression?: 'gzip' | 'none' } = {}) {
  const exporter = new GrpcLogExporter({ url, timeoutMillis: 5000, ...config } as never);
  const result = await exportWith(exporter, records);
  await exporter.shutdown();
  return { ok: result.code === 0, code: (result.error as { code?: number } | undefined)?.code, error: result.error };
}

/** What the JSON exporter sends for the same records, through the protocol's schema. */
async function viaHttpJson(records: ReadableLogRecord[]): Promise<OtlpLogsRequest> {
  let body = '';
  const http1 = http.createServer((req, res) => {
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
  const exporter = new JsonLogExporter({ url: `http://127.0.0.1:${(http1.address() as AddressInfo).port}/v1/logs` });
  await exportWith(exporter, records);
  await exporter.shutdown();
  await new Promise((resolve) => http1.close(resolve));
  return otlpLogsRequest.parse(JSON.parse(body));
}

describe('OTLP/gRPC receiver with the official -grpc exporters', () => {
  it('hands log records to the handler in the shape the HTTP JSON path gives', async () => {
    const { handler, url } = await startServer();
    const records = await claudeLogRecords(2);
    expect(await sendLogs(url, records)).toMatchObject({ ok: true });
    expect(handler.logs).toHaveLength(1);
    expect(canonical(handler.logs[0])).toEqual(canonical(await viaHttpJson(records)));
    const first = handler.logs[0]?.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0];
    expect(first?.body).toEqual({ stringValue: 'claude_code.api_request' });
    expect(first?.attributes).toContainEqual({ key: 'request_id', value: { stringValue: 'req_sess-1_0' } });
  });

  it('takes delta-temporality metrics, and traces with hex ids', async () => {
    const { handler, url } = await startServer();
    const metrics = new GrpcMetricExporter({ url, temporalityPreference: AggregationTemporality.DELTA });
    expect((await exportWith(metrics, await claudeMetrics())).code).toBe(0);
    await metrics.shutdown();
    const names = handler.metrics[0]?.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.map((m) => m.name);
    expect(names).toContain('claude_code.lines_of_code.count');
    const lines = handler.metrics[0]?.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.find((m) => m.name === 'claude_code.lines_of_code.count');
    expect(lines?.sum).toMatchObject({ aggregationTemporality: 1, isMonotonic: true });

    const spans = await someSpans();
    const traces = new GrpcTraceExporter({ url });
    expect((await exportWith(traces, spans)).code).toBe(0);
    await traces.shutdown();
    const got = handler.traces[0]?.resourceSpans?.[0]?.scopeSpans?.[0]?.spans ?? [];
    expect(got.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
  });

  it('accepts gzip-compressed messages', async () => {
    const { handler, url } = await startServer();
    expect(await sendLogs(url, await claudeLogRecords(3), { compression: 'gzip' })).toMatchObject({ ok: true });
    expect(handler.logs[0]?.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords).toHaveLength(4);
  });

  it('answers UNAUTHENTICATED without the token, and takes the request with it', async () => {
    const { handler, url } = await startServer({ tokens: { token: TOKEN } });
    const records = await claudeLogRecords(1);
    expect(await sendLogs(url, records)).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    expect(await sendLogs(url, records, { metadata: bearer('not-the-token-at-all-really') })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    expect(handler.calls).toBe(0);
    expect(await sendLogs(url, records, { metadata: bearer(TOKEN) })).toMatchObject({ ok: true });
    expect(handler.calls).toBe(1);
  });

  it('requires the ingest token when one is set (a read token does not write)', async () => {
    const { url } = await startServer({ tokens: { token: TOKEN, ingestToken: `${TOKEN}-ingest` } });
    const records = await claudeLogRecords(1);
    expect(await sendLogs(url, records, { metadata: bearer(TOKEN) })).toMatchObject({ ok: false, code: grpc.status.UNAUTHENTICATED });
    expect(await sendLogs(url, records, { metadata: bearer(`${TOKEN}-ingest`) })).toMatchObject({ ok: true });
  });

  it('answers RESOURCE_EXHAUSTED above the size limit, compressed or not, without calling the handler', async () => {
    const { handler, url } = await startServer({ maxMessageBytes: 64 * 1024 });
    const records = await claudeLogRecords(1);
    const big = await claudeLogRecords(1, 'sess-1', 100 * 1024);
    expect(await sendLogs(url, big)).toMatchObject({ ok: false, code: grpc.status.RESOURCE_EXHAUSTED });
    expect(await sendLogs(url, big, { compression: 'gzip' })).toMatchObject({ ok: false, code: grpc.status.RESOURCE_EXHAUSTED });
    expect(handler.calls).toBe(0);
    expect(await sendLogs(url, records)).toMatchObject({ ok: true });
  });

  it('uses the 5 MB limit by default', async () => {
    const { handler, url } = await startServer();
    expect(await sendLogs(url, await claudeLogRecords(1, 'sess-1', 4 * 1024 * 1024))).toMatchObject({ ok: true });
    expect(await sendLogs(url, await claudeLogRecords(1, 'sess-1', 6 * 1024 * 1024))).toMatchObject({ ok: false, code: grpc.status.RESOURCE_EXHAUSTED });
    expect(handler.calls).toBe(1);
  });

  it('answers UNAVAILABLE when the store cannot write: the exporter fails, nothing is kept, a later retry is kept once', async () => {
    const handler = new RecordingHandler();
    handler.failure = new OtlpUnavailableError();
    const { url } = await startServer({}, handler);
    const records = await claudeLogRecords(2);
    const failed = await sendLogs(url, records);
    expect(failed).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE });
    expect(failed.error?.message).toMatch(/retry later/);
    expect(handler.calls).toBe(1); // the JS exporter does not retry by itself; the SDK's next export does
    expect(handler.logs).toHaveLength(0);

    handler.failure = undefined;
    expect(await sendLogs(url, records)).toMatchObject({ ok: true });
    expect(handler.calls).toBe(2);
    expect(handler.logs).toHaveLength(1);
  });

  it('maps a foreign "unavailable" error through isUnavailable, refusals to INVALID_ARGUMENT and other errors to INTERNAL', async () => {
    class StoreDown extends Error {}
    const handler = new RecordingHandler();
    const { url } = await startServer({ isUnavailable: (err) => err instanceof StoreDown }, handler);
    const records = await claudeLogRecords(1);
    handler.failure = new StoreDown('db locked');
    expect(await sendLogs(url, records)).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE });
    handler.failure = new OtlpRefusedError('no session.id on any record');
    const refused = await sendLogs(url, records);
    expect(refused).toMatchObject({ ok: false, code: grpc.status.INVALID_ARGUMENT });
    expect(refused.error?.message).toContain('no session.id on any record');
    handler.failure = new Error('SQLITE_CORRUPT at /secret/path');
    const internal = await sendLogs(url, records);
    expect(internal).toMatchObject({ ok: false, code: grpc.status.INTERNAL });
    expect(internal.error?.message).not.toContain('/secret/path');
  });

  it('returns partial success to the exporter (which still reports success)', async () => {
    const handler = new RecordingHandler();
    handler.outcome = { rejected: 1, errorMessage: 'api_request: model: required' };
    const { url } = await startServer({}, handler);
    expect(await sendLogs(url, await claudeLogRecords(1))).toMatchObject({ ok: true });
  });

  it('answers INVALID_ARGUMENT to an undecodable message and UNIMPLEMENTED for traces without a trace handler', async () => {
    const handler: OtlpExportHandler = { exportLogs: async () => ({ rejected: 0 }), exportMetrics: async () => ({ rejected: 0 }) };
    const { port } = await startServer({}, handler as RecordingHandler);
    const Client = grpc.makeGenericClientConstructor(
      {
        logs: { path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export', requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
        traces: { path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', requestStream: false, responseStream: false, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b },
      },
      'Raw',
    );
    const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const call = (method: 'logs' | 'traces', body: Buffer) =>
      new Promise<grpc.ServiceError | null>((resolve) => (client as unknown as Record<string, (b: Buffer, cb: (e: grpc.ServiceError | null) => void) => void>)[method]!(body, (err) => resolve(err)));
    const truncated = await call('logs', Buffer.from([0x0a, 0x10, 0x12]));
    expect(truncated).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/undecodable protobuf ExportLogsServiceRequest/) });
    expect(await call('logs', Buffer.from([0x7f, 0x00]))).toMatchObject({ code: grpc.status.INVALID_ARGUMENT, details: expect.stringMatching(/invalid wire type 7/) });
    expect(await call('traces', Buffer.alloc(0))).toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    expect(await call('logs', Buffer.alloc(0))).toBeNull();
    client.close();
  });

  it('reports a port already in use as an error from start(), and stop() frees the port', async () => {
    const { server, port } = await startServer();
    const second = new OtlpGrpcServer({ host: '127.0.0.1', port, handler: new RecordingHandler() });
    const error = await second.start().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OtlpGrpcListenError);
    expect((error as Error).message).toBe(`OTLP/gRPC receiver cannot listen on 127.0.0.1:${port}: address already in use`);
    await second.stop();

    await server.stop();
    const third = new OtlpGrpcServer({ host: '127.0.0.1', port, handler: new RecordingHandler() });
    running.push(third);
    await expect(third.start()).resolves.toEqual({ host: '127.0.0.1', port });
  });

  it('stop() is safe twice and an exporter then fails cleanly', async () => {
    const { server, url } = await startServer();
    await server.stop();
    await server.stop();
    expect(await sendLogs(url, await claudeLogRecords(1))).toMatchObject({ ok: false, code: grpc.status.UNAVAILABLE });
  });
});
