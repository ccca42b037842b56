import { createRequire } from 'node:module';

/**
 * The OTLP protobuf messages, from the official opentelemetry-proto definitions as compiled
 * by the OpenTelemetry JS maintainers (protobufjs static code shipped in
 * `@opentelemetry/otlp-transformer` 0.214.0, the last release that ships decoders; it
 * knows `LogRecord.event_name` and `Resource.entity_refs`). Only the generated module is
 * loaded, not the package's entry point, so no OpenTelemetry SDK code runs in the server.
 */

/** What this module uses of a protobufjs generated message class. */
export interface ProtoMessageType {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
  fromObject(object: Record<string, unknown>): object;
  toObject(message: object, options: ProtoConversionOptions): Record<string, unknown>;
}

export interface ProtoConversionOptions {
  longs?: typeof String | typeof Number;
  enums?: typeof String | typeof Number;
  bytes?: typeof String | typeof Array;
  defaults?: boolean;
  arrays?: boolean;
  json?: boolean;
}

interface Collector<Req extends string, Res extends string> {
  v1: Record<Req | Res, ProtoMessageType>;
}

interface GeneratedRoot {
  opentelemetry: {
    proto: {
      common: { v1: { AnyValue: ProtoMessageType & { decode(reader: unknown, length?: number, error?: number): object } } };
      collector: {
        logs: Collector<'ExportLogsServiceRequest', 'ExportLogsServiceResponse'>;
        metrics: Collector<'ExportMetricsServiceRequest', 'ExportMetricsServiceResponse'>;
        trace: Collector<'ExportTraceServiceRequest', 'ExportTraceServiceResponse'>;
      };
    };
  };
}

const root = createRequire(import.meta.url)('@opentelemetry/otlp-transformer/build/src/generated/root.js') as GeneratedRoot;
const { collector, common } = root.opentelemetry.proto;

/** Deepest AnyValue nesting (arrays and key-value lists inside each other) a request may carry. */
export const MAX_ANY_VALUE_DEPTH = 32;

/** Thrown while decoding when an AnyValue nests deeper than MAX_ANY_VALUE_DEPTH. */
export class NestingTooDeepError extends Error {
  constructor() {
    super(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
    this.name = 'NestingTooDeepError';
  }
}

// The generated decoders recurse without a limit (AnyValue → ArrayValue/KeyValueList → AnyValue),
// so a 5 MB body could nest a million levels deep. Every nested AnyValue is decoded through this
// property, so counting here caps the depth before the stack or the heap is at risk. Decoding is
// synchronous: one counter serves all requests.
const decodeAnyValue = common.v1.AnyValue.decode;
let depth = 0;
common.v1.AnyValue.decode = function guardedDecode(this: unknown, reader: unknown, length?: number, error?: number) {
  if (depth >= MAX_ANY_VALUE_DEPTH) throw new NestingTooDeepError();
  depth += 1;
  try {
    return decodeAnyValue.call(this, reader, length, error);
  } finally {
    depth -= 1;
  }
};

export const messages = {
  logs: { request: collector.logs.v1.ExportLogsServiceRequest, response: collector.logs.v1.ExportLogsServiceResponse },
  metrics: { request: collector.metrics.v1.ExportMetricsServiceRequest, response: collector.metrics.v1.ExportMetricsServiceResponse },
  traces: { request: collector.trace.v1.ExportTraceServiceRequest, response: collector.trace.v1.ExportTraceServiceResponse },
} as const;
