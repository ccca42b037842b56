import { z } from 'zod';

/**
 * OTLP/HTTP JSON request bodies (`opentelemetry-proto`, JSON encoding), as Claude Code
 * sends them with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`. Only the fields the monitor
 * reads are declared; unknown fields are ignored. 64-bit integers arrive as strings
 * or numbers, so both are accepted.
 */

/** An int64 in OTLP JSON: a decimal string or a number. */
export const otlpInt = z.union([z.string().max(40), z.number()]);

export interface OtlpAnyValue {
  stringValue?: string | undefined;
  boolValue?: boolean | undefined;
  intValue?: string | number | undefined;
  doubleValue?: number | string | undefined;
  bytesValue?: string | undefined;
  arrayValue?: { values?: OtlpAnyValue[] | undefined } | undefined;
  kvlistValue?: { values?: OtlpKeyValue[] | undefined } | undefined;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue | undefined;
}

export const otlpAnyValue: z.ZodType<OtlpAnyValue> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    boolValue: z.boolean().optional(),
    intValue: otlpInt.optional(),
    doubleValue: z.union([z.number(), z.string().max(40)]).optional(),
    bytesValue: z.string().optional(),
    arrayValue: z.object({ values: z.array(otlpAnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(otlpKeyValue).optional() }).optional(),
  }),
);

export const otlpKeyValue: z.ZodType<OtlpKeyValue> = z.lazy(() =>
  z.object({ key: z.string(), value: otlpAnyValue.optional() }),
);

const attributes = z.array(otlpKeyValue).optional();

export const otlpResource = z.object({ attributes });
export const otlpScope = z.object({ name: z.string().optional(), version: z.string().optional(), attributes });

export const otlpLogRecord = z.object({
  timeUnixNano: otlpInt.optional(),
  observedTimeUnixNano: otlpInt.optional(),
  severityNumber: z.number().optional(),
  severityText: z.string().optional(),
  /** Claude Code puts the event name here, e.g. `claude_code.api_request`. */
  body: otlpAnyValue.optional(),
  attributes,
  eventName: z.string().optional(),
});
export type OtlpLogRecord = z.infer<typeof otlpLogRecord>;

/** `POST /v1/logs` (ExportLogsServiceRequest). */
export const otlpLogsRequest = z.object({
  resourceLogs: z
    .array(
      z.object({
        resource: otlpResource.optional(),
        scopeLogs: z
          .array(z.object({ scope: otlpScope.optional(), logRecords: z.array(otlpLogRecord).optional() }))
          .optional(),
      }),
    )
    .optional(),
});
export type OtlpLogsRequest = z.infer<typeof otlpLogsRequest>;

export const otlpNumberDataPoint = z.object({
  attributes,
  startTimeUnixNano: otlpInt.optional(),
  timeUnixNano: otlpInt.optional(),
  asDouble: z.union([z.number(), z.string().max(40)]).optional(),
  asInt: otlpInt.optional(),
});
export type OtlpNumberDataPoint = z.infer<typeof otlpNumberDataPoint>;

const dataPoints = z.object({ dataPoints: z.array(otlpNumberDataPoint).optional() });

export const otlpMetric = z.object({
  name: z.string(),
  description: z.string().optional(),
  unit: z.string().optional(),
  sum: dataPoints.extend({ aggregationTemporality: z.number().optional(), isMonotonic: z.boolean().optional() }).optional(),
  gauge: dataPoints.optional(),
});
export type OtlpMetric = z.infer<typeof otlpMetric>;

/** `POST /v1/metrics` (ExportMetricsServiceRequest). */
export const otlpMetricsRequest = z.object({
  resourceMetrics: z
    .array(
      z.object({
        resource: otlpResource.optional(),
        scopeMetrics: z
          .array(z.object({ scope: otlpScope.optional(), metrics: z.array(otlpMetric).optional() }))
          .optional(),
      }),
    )
    .optional(),
});
export type OtlpMetricsRequest = z.infer<typeof otlpMetricsRequest>;

/** The 200 answer: `{}`, or `partialSuccess` when some records were refused. */
export const otlpLogsResponse = z.object({
  partialSuccess: z.object({ rejectedLogRecords: z.number().int(), errorMessage: z.string() }).optional(),
});
export const otlpMetricsResponse = z.object({
  partialSuccess: z.object({ rejectedDataPoints: z.number().int(), errorMessage: z.string() }).optional(),
});

/** An OTLP span, as `POST /v1/traces` carries it (ids are lowercase hex in OTLP JSON). */
export const otlpSpan = z.object({
  traceId: z.string().max(64).optional(),
  spanId: z.string().max(32).optional(),
  parentSpanId: z.string().max(32).optional(),
  name: z.string().optional(),
  kind: z.number().optional(),
  startTimeUnixNano: otlpInt.optional(),
  endTimeUnixNano: otlpInt.optional(),
  attributes,
  status: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});
export type OtlpSpan = z.infer<typeof otlpSpan>;

/** `POST /v1/traces` (ExportTraceServiceRequest). */
export const otlpTracesRequest = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: otlpResource.optional(),
        scopeSpans: z.array(z.object({ scope: otlpScope.optional(), spans: z.array(otlpSpan).optional() })).optional(),
      }),
    )
    .optional(),
});
export type OtlpTracesRequest = z.infer<typeof otlpTracesRequest>;

export const otlpTracesResponse = z.object({
  partialSuccess: z.object({ rejectedSpans: z.number().int(), errorMessage: z.string() }).optional(),
});
