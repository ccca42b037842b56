import { createRequire } from 'node:module';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

// The SDK is loaded through require (its CommonJS build): under Vitest the `module` condition
// would pick its ESM build, whose extensionless imports plain Node cannot load.
const require = createRequire(import.meta.url);
export const sdk = {
  api: require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
  resources: require('@opentelemetry/resources') as typeof import('@opentelemetry/resources'),
  logs: require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs'),
  metrics: require('@opentelemetry/sdk-metrics') as typeof import('@opentelemetry/sdk-metrics'),
  trace: require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base'),
  logsHttp: require('@opentelemetry/exporter-logs-otlp-http') as typeof import('@opentelemetry/exporter-logs-otlp-http'),
  logsProto: require('@opentelemetry/exporter-logs-otlp-proto') as typeof import('@opentelemetry/exporter-logs-otlp-proto'),
  logsGrpc: require('@opentelemetry/exporter-logs-otlp-grpc') as typeof import('@opentelemetry/exporter-logs-otlp-grpc'),
  metricsHttp: require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http'),
  metricsProto: require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto'),
  metricsGrpc: require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc'),
  traceProto: require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto'),
  traceGrpc: require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc'),
};
const { resourceFromAttributes } = sdk.resources;
const { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } = sdk.logs;
const { AggregationTemporality, MeterProvider, MetricReader } = sdk.metrics;
const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = sdk.trace;

/**
 * Telemetry shaped like Claude Code's (see its monitoring documentation): events in the logs
 * signal with the event name in the body (`claude_code.api_request`) and in the `event.name`
 * attribute, and delta-temporality counters such as `claude_code.lines_of_code.count`. Built
 * with the official OpenTelemetry JS SDK, so tests can hand the very same records to several
 * real exporters (http/json, http/protobuf, grpc) and compare what arrives.
 */

export const CLAUDE_RESOURCE = { 'service.name': 'claude-code', 'service.version': '2.0.14', project: 'shop' };
const SCOPE = ['com.anthropic.claude_code.events', '2.0.14'] as const;
export const SONNET = 'claude-sonnet-4-5-20250929';

/** `count` api_request events and one tool_result, as Claude Code emits them; `padding` adds an attribute of that many bytes to each. */
export async function claudeLogRecords(count = 2, session = 'sess-1', padding = 0): Promise<ReadableLogRecord[]> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes(CLAUDE_RESOURCE), processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  const logger = provider.getLogger(...SCOPE);
  const base = Date.now() - 60_000;
  for (let i = 0; i < count; i++) {
    const ts = new Date(base + i * 1000);
    logger.emit({
      body: 'claude_code.api_request',
      // Newer SDKs carry the name in LogRecord.event_name (field 12) too.
      ...(i === 0 ? { eventName: 'claude_code.api_request' } : {}),
      timestamp: ts,
      severityNumber: 9,
      severityText: 'INFO',
      attributes: {
        'user.id': 'u-1',
        'session.id': session,
        'terminal.type': 'vscode',
        'event.name': 'api_request',
        'event.timestamp': ts.toISOString(),
        'event.sequence': i,
        model: SONNET,
        input_tokens: 1200 + i,
        output_tokens: 340,
        cache_read_tokens: 5000,
        cache_creation_tokens: 100,
        cost_usd: 0.0123,
        duration_ms: 2345,
        request_id: `req_${session}_${i}`,
        ...(padding > 0 ? { padding: 'x'.repeat(padding) } : {}),
      },
    });
  }
  logger.emit({
    body: 'claude_code.tool_result',
    timestamp: new Date(base + count * 1000),
    attributes: {
      'session.id': session,
      'event.name': 'tool_result',
      'event.sequence': count,
      tool_name: 'Edit',
      success: 'true',
      duration_ms: 12,
      tool_parameters: JSON.stringify({ file: 'a.ts' }),
      nested: { list: [1, 'two', true], map: { deep: 1.5 } } as never,
    },
  });
  await provider.forceFlush();
  const records = memory.getFinishedLogRecords();
  await provider.shutdown();
  return records;
}

class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
  }
  protected async onShutdown(): Promise<void> {}
  protected async onForceFlush(): Promise<void> {}
}

/** One collection of Claude Code's counters in delta temporality. */
export async function claudeMetrics(session = 'sess-1'): Promise<ResourceMetrics> {
  const reader = new CollectingReader();
  const provider = new MeterProvider({ resource: resourceFromAttributes(CLAUDE_RESOURCE), readers: [reader] });
  const meter = provider.getMeter('com.anthropic.claude_code', '2.0.14');
  const attrs = { 'session.id': session, 'user.id': 'u-1' };
  meter.createCounter('claude_code.lines_of_code.count', { unit: 'count' }).add(42, { ...attrs, type: 'added' });
  meter.createCounter('claude_code.lines_of_code.count', { unit: 'count' }).add(7, { ...attrs, type: 'removed' });
  const tokens = meter.createCounter('claude_code.token.usage', { unit: 'tokens' });
  tokens.add(1200, { ...attrs, type: 'input', model: SONNET });
  tokens.add(340, { ...attrs, type: 'output', model: SONNET });
  meter.createCounter('claude_code.cost.usage', { unit: 'USD' }).add(0.0123, { ...attrs, model: SONNET });
  meter.createCounter('claude_code.session.count').add(1, attrs);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return resourceMetrics;
}

/** Two spans (a parent and a child), so ids and parent ids travel. */
export async function someSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(CLAUDE_RESOURCE), spanProcessors: [new SimpleSpanProcessor(memory)] });
  const tracer = provider.getTracer('com.anthropic.claude_code.tracing', '2.0.14');
  const { context, trace } = sdk.api;
  const parent = tracer.startSpan('claude_code.interaction', { attributes: { 'session.id': 'sess-1' } });
  const child = tracer.startSpan('claude_code.llm_request', { attributes: { model: SONNET, input_tokens: 10 } }, trace.setSpan(context.active(), parent));
  child.end();
  parent.end();
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return spans;
}

/** An exporter's verdict (`@opentelemetry/core`'s ExportResult): code 0 is SUCCESS, 1 FAILED. */
export interface ExportResult {
  code: number;
  error?: Error | undefined;
}

type AnyExporter<T> = { export(items: T, done: (result: ExportResult) => void): void };

/** Hands items to a real exporter and waits for its verdict. */
export function exportWith<T>(exporter: AnyExporter<T>, items: T): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(items, resolve));
}

/**
 * What is left to compare once encoding choices both sides may make are undone: the OTLP JSON
 * mapping writes int64 as strings where the JS SDK's JSON exporter writes small ones as numbers
 * (the schema takes both), and proto3 cannot tell a field left at its default ("", 0, false)
 * from an absent one, so the decoder omits it where the JSON exporter writes some (`unit: ""`).
 * AnyValue members are kept even when empty: there presence is the value.
 */
export function canonical(value: unknown, inAnyValue = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!inAnyValue && (v === '' || v === 0 || v === false)) continue;
    out[k] = INT64_FIELDS.has(k) && typeof v === 'number' ? String(v) : canonical(v, k === 'value' || k === 'body');
  }
  return out;
}
const INT64_FIELDS = new Set(['intValue', 'asInt', 'timeUnixNano', 'observedTimeUnixNano', 'startTimeUnixNano', 'endTimeUnixNano']);

export type { LogRecordExporter, PushMetricExporter, SpanExporter, ReadableLogRecord, ResourceMetrics, ReadableSpan };
