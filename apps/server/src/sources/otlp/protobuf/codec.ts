import {
  otlpLogsRequest,
  otlpMetricsRequest,
  otlpTracesRequest,
  type OtlpLogsRequest,
  type OtlpMetricsRequest,
  type OtlpTracesRequest,
} from '@amiga/protocol';
import type { z } from 'zod';
import { messages, type ProtoConversionOptions } from './proto-messages.js';

export type OtlpSignal = 'logs' | 'metrics' | 'traces';

/** The request each signal decodes to: the same value the OTLP/HTTP JSON path gets from its zod schema. */
export interface OtlpRequests {
  logs: OtlpLogsRequest;
  metrics: OtlpMetricsRequest;
  traces: OtlpTracesRequest;
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a handler made of an export request: how many items it refused, and why. */
export interface ExportOutcome {
  rejected: number;
  errorMessage?: string | undefined;
}

const SCHEMAS: { [S in OtlpSignal]: z.ZodType<OtlpRequests[S]> } = {
  logs: otlpLogsRequest,
  metrics: otlpMetricsRequest,
  traces: otlpTracesRequest,
};

const REQUEST_NAMES: Record<OtlpSignal, string> = {
  logs: 'ExportLogsServiceRequest',
  metrics: 'ExportMetricsServiceRequest',
  traces: 'ExportTraceServiceRequest',
};

/** The partial_success counter of each response (rejected_log_records, rejected_data_points, rejected_spans). */
const REJECTED_FIELDS = { logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints', traces: 'rejectedSpans' } as const;

/**
 * The OTLP JSON mapping (opentelemetry-proto's "JSON Protobuf Encoding"): lowerCamelCase names,
 * int64 as decimal strings, enums as numbers, bytes as base64 (trace and span ids are fixed up
 * to hex below), non-finite doubles as "NaN"/"Infinity", and fields left at their default omitted.
 */
const JSON_MAPPING: ProtoConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false, arrays: false, json: true };

/** The only bytes fields OTLP JSON writes as hex rather than base64 (LogRecord, Span, Span.Link, Exemplar). */
const HEX_ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/**
 * Decodes an OTLP protobuf export request (`application/x-protobuf` body or gRPC message) into
 * the value the JSON path's zod schema produces. Truncated or malformed input, an AnyValue nested
 * deeper than MAX_ANY_VALUE_DEPTH, a length beyond the end of the body or an invalid wire type
 * gives `ok: false` with a short reason fit for a 400 / INVALID_ARGUMENT answer; it never throws.
 * Like every protobufjs decoder it reads a known field as its declared type whatever wire type it
 * came with: such input usually fails on the next read, else yields values of the declared
 * types, which the schema then checks as it checks JSON.
 */
export function decodeExportRequest<S extends OtlpSignal>(signal: S, bytes: Uint8Array): DecodeResult<OtlpRequests[S]> {
  let object: Record<string, unknown>;
  try {
    const type = messages[signal].request;
    object = type.toObject(type.decode(plainBytes(bytes)), JSON_MAPPING);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `undecodable protobuf ${REQUEST_NAMES[signal]}: ${reason.slice(0, 200)}` };
  }
  hexIds(object);
  const parsed = SCHEMAS[signal].safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `invalid OTLP export request: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` };
  }
  return { ok: true, value: parsed.data };
}

export const decodeLogsRequest = (bytes: Uint8Array) => decodeExportRequest('logs', bytes);
export const decodeMetricsRequest = (bytes: Uint8Array) => decodeExportRequest('metrics', bytes);
export const decodeTracesRequest = (bytes: Uint8Array) => decodeExportRequest('traces', bytes);

/**
 * The Export*ServiceResponse of an outcome, as OTLP JSON: `{}` when everything was accepted,
 * else `{partialSuccess: {rejectedLogRecords | rejectedDataPoints | rejectedSpans, errorMessage}}`.
 */
export function exportResponse(signal: OtlpSignal, outcome: ExportOutcome): Record<string, unknown> {
  const rejected = Number.isFinite(outcome.rejected) ? Math.max(0, Math.trunc(outcome.rejected)) : 0;
  if (rejected === 0 && !outcome.errorMessage) return {};
  return { partialSuccess: { [REJECTED_FIELDS[signal]]: rejected, errorMessage: outcome.errorMessage ?? '' } };
}

/** The Export*ServiceResponse of an outcome, protobuf-encoded (empty when everything was accepted). */
export function encodeExportResponse(signal: OtlpSignal, outcome: ExportOutcome): Uint8Array {
  const type = messages[signal].response;
  return type.encode(type.fromObject(exportResponse(signal, outcome))).finish();
}

/**
 * The same bytes, not as a Buffer: protobufjs reads a Buffer with its BufferReader, whose strings
 * silently stop at the end of the body when their length points past it; its plain reader refuses.
 */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

/** Rewrites the base64 trace/span ids that toObject wrote as the lowercase hex OTLP JSON uses. */
function hexIds(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) hexIds(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') {
      if (HEX_ID_FIELDS.has(key)) object[key] = Buffer.from(value, 'base64').toString('hex');
    } else if (typeof value === 'object') {
      hexIds(value);
    }
  }
}

/** How an OTLP/HTTP body is encoded, from its Content-Type (OTLP/HTTP allows only these two). */
export function otlpBodyFormat(contentType: string | undefined): 'json' | 'protobuf' | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json' || type === '') return 'json';
  return undefined;
}

/** Content-Type of protobuf answers. */
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';
