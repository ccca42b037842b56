import { describe, expect, it } from 'vitest';
import { decodeExportRequest, decodeLogsRequest, encodeExportResponse, exportResponse, otlpBodyFormat } from './codec.js';
import { MAX_ANY_VALUE_DEPTH, messages } from './proto-messages.js';

// Hostile bodies are built byte by byte here (tag = field << 3 | wire type), valid ones with the generated encoder.
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const field = (no: number, payload: Uint8Array | number[]) => Buffer.concat([Buffer.from([(no << 3) | 2, ...varint(payload.length)]), Buffer.from(payload)]);

/** An ExportLogsServiceRequest with one log record whose body is `body` (an encoded AnyValue). */
const logsWithBody = (body: Uint8Array) => field(1, field(2, field(2, field(5, body))));

/** An AnyValue holding `levels` AnyValues nested through arrays (or key-value lists), written in one pass. */
function nestedAnyValue(levels: number, via: 'array' | 'kvlist'): Buffer {
  const leaf = Buffer.from([0x0a, 0x01, 0x78]); // {stringValue: "x"}
  const key = [0x0a, 0x01, 0x6b]; // KeyValue.key = "k"
  const sized = (inner: number) => 1 + varint(inner).length + inner; // a length-delimited field holding `inner` bytes
  // Level i wraps the AnyValue of level i-1: array → AnyValue{5: ArrayValue{1: inner}},
  // kvlist → AnyValue{6: KeyValueList{1: KeyValue{1: "k", 2: inner}}}. Sizes first, inside out.
  const sizes: number[] = [leaf.length];
  for (let i = 1; i < levels; i++) {
    const inner = sizes[i - 1]!;
    sizes.push(via === 'array' ? sized(sized(inner)) : sized(sized(key.length + sized(inner))));
  }
  const parts: Buffer[] = [];
  for (let i = levels - 1; i >= 1; i--) {
    const inner = sizes[i - 1]!;
    if (via === 'array') {
      parts.push(Buffer.from([0x2a, ...varint(sized(inner)), 0x0a, ...varint(inner)]));
    } else {
      const kv = key.length + sized(inner);
      parts.push(Buffer.from([0x32, ...varint(sized(kv)), 0x0a, ...varint(kv), ...key, 0x12, ...varint(inner)]));
    }
  }
  parts.push(leaf);
  return Buffer.concat(parts);
}

function validLogsRequest(): Uint8Array {
  const type = messages.logs.request;
  return type
    .encode(
      type.fromObject({
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
            scopeLogs: [
              {
                scope: { name: 'com.anthropic.claude_code.events' },
                logRecords: [
                  {
                    timeUnixNano: '1764000000000000001',
                    body: { stringValue: 'claude_code.api_request' },
                    traceId: Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'),
                    spanId: Buffer.from('eee19b7ec3c1b174', 'hex'),
                    attributes: [
                      { key: 'input_tokens', value: { intValue: '9007199254740993' } },
                      { key: 'cost_usd', value: { doubleValue: 0.5 } },
                      { key: 'blob', value: { bytesValue: Buffer.from('hi') } },
                      { key: 'list', value: { arrayValue: { values: [{ boolValue: true }, { kvlistValue: { values: [{ key: 'a', value: { stringValue: '' } }] } }] } } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    )
    .finish();
}

/** decode must answer for every input, never throw. */
function decodesOrRefuses(bytes: Uint8Array) {
  const started = performance.now();
  const result = decodeLogsRequest(bytes);
  expect(performance.now() - started).toBeLessThan(1000);
  return result;
}

describe('decodeExportRequest', () => {
  it('maps protobuf to the OTLP JSON shape: int64 as strings, hex ids, base64 bytes, oneof members present', () => {
    const result = decodeLogsRequest(validLogsRequest());
    expect(result).toEqual({
      ok: true,
      value: {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'claude-code' } }] },
            scopeLogs: [
              {
                scope: { name: 'com.anthropic.claude_code.events' },
                logRecords: [
                  {
                    timeUnixNano: '1764000000000000001',
                    body: { stringValue: 'claude_code.api_request' },
                    attributes: [
                      { key: 'input_tokens', value: { intValue: '9007199254740993' } },
                      { key: 'cost_usd', value: { doubleValue: 0.5 } },
                      { key: 'blob', value: { bytesValue: 'aGk=' } },
                      { key: 'list', value: { arrayValue: { values: [{ boolValue: true }, { kvlistValue: { values: [{ key: 'a', value: { stringValue: '' } }] } }] } } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
  });

  it('writes trace and span ids as hex before the schema strips them (spans keep them)', () => {
    const type = messages.traces.request;
    const bytes = type
      .encode(
        type.fromObject({
          resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'), spanId: Buffer.from('b7ad6b7169203331', 'hex'), parentSpanId: Buffer.from('00f067aa0ba902b7', 'hex'), name: 'x', kind: 2 }] }] }],
        }),
      )
      .finish();
    const result = decodeExportRequest('traces', bytes);
    expect(result.ok && result.value.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      parentSpanId: '00f067aa0ba902b7',
      name: 'x',
      kind: 2,
    });
  });

  it('takes an empty body as an empty request, like `{}` in JSON', () => {
    expect(decodeLogsRequest(new Uint8Array())).toEqual({ ok: true, value: {} });
    expect(decodeExportRequest('metrics', new Uint8Array())).toEqual({ ok: true, value: {} });
  });

  it('refuses truncated bodies, at every cut, without throwing', () => {
    const bytes = validLogsRequest();
    let refused = 0;
    for (let cut = 1; cut < bytes.length; cut++) {
      const result = decodesOrRefuses(bytes.subarray(0, cut));
      if (!result.ok) {
        refused += 1;
        expect(result.error).toMatch(/^undecodable protobuf ExportLogsServiceRequest: /);
      }
    }
    // Every cut inside the single top-level message leaves a length pointing past the end.
    expect(refused).toBe(bytes.length - 1);
  });

  it('refuses wrong and invalid wire types', () => {
    const cases: Array<[string, number[]]> = [
      ['resource_logs as a varint', [0x08, 0x05]],
      ['resource_logs as fixed64', [0x09, 1, 2, 3]],
      ['wire type 7 on an unknown field', [0x7f, 0x00]],
      ['wire type 6 inside a log record', [...field(1, field(2, field(2, [0x36, 0x00])))]],
      ['a group that never ends', [0x0b, 0x08, 0x01]],
      ['a varint longer than 10 bytes', [0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
      ['JSON sent as protobuf', [...Buffer.from('{"resourceLogs":[]}')]],
    ];
    for (const [name, bytes] of cases) {
      const result = decodesOrRefuses(Buffer.from(bytes));
      expect(result.ok, name).toBe(false);
    }
    // A known field is read as its declared type whatever its wire type (protobufjs): here an
    // empty ResourceLogs, which the schema accepts. Never a crash, never anything but a request.
    expect(decodesOrRefuses(Buffer.from([0x0f, 0x00]))).toEqual({ ok: true, value: { resourceLogs: [{}] } });
  });

  it(`accepts AnyValues nested ${MAX_ANY_VALUE_DEPTH} deep and refuses one level more`, () => {
    for (const via of ['array', 'kvlist'] as const) {
      expect(decodeLogsRequest(logsWithBody(nestedAnyValue(MAX_ANY_VALUE_DEPTH, via))).ok, via).toBe(true);
      const deeper = decodeLogsRequest(logsWithBody(nestedAnyValue(MAX_ANY_VALUE_DEPTH + 1, via)));
      expect(deeper, via).toEqual({ ok: false, error: expect.stringMatching(/nested deeper than 32 levels/) });
    }
  });

  it('refuses a body nested a million levels deep quickly (no stack overflow, no hang), and decodes normally afterwards', () => {
    const body = logsWithBody(nestedAnyValue(1_000_000, 'array'));
    expect(body.length).toBeLessThan(16 * 1024 * 1024);
    const result = decodesOrRefuses(body);
    expect(result.ok).toBe(false);
    // The depth counter unwound: the next request decodes.
    expect(decodeLogsRequest(validLogsRequest()).ok).toBe(true);
  });

  it('refuses a value whose length points far beyond the body, and takes a 4 MB one as JSON would', () => {
    const claimed = Buffer.from([0x0a, ...varint(2 ** 31), 0x41, 0x41]); // stringValue of 2 GiB, 2 bytes present
    expect(decodesOrRefuses(logsWithBody(claimed))).toEqual({ ok: false, error: expect.stringMatching(/index out of range/) });
    const shortBy2 = Buffer.from([0x0a, 0x04, 0x41, 0x41]); // a 4-byte string with 2 bytes present, at the very end
    expect(decodesOrRefuses(logsWithBody(shortBy2)).ok).toBe(false);

    const big = 'a'.repeat(4 * 1024 * 1024);
    const result = decodesOrRefuses(logsWithBody(field(1, Buffer.from(big))));
    expect(result.ok && result.value.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.body?.stringValue?.length).toBe(big.length);
  });

  it('survives random corruption: every mutated body decodes or is refused', () => {
    const bytes = validLogsRequest();
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const copy = Uint8Array.from(bytes);
      const flips = 1 + Math.floor(random() * 4);
      for (let f = 0; f < flips; f++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      const result = decodesOrRefuses(copy);
      if (result.ok) expect(result.value).toBeTypeOf('object');
      else expect(result.error).toMatch(/^(undecodable protobuf|invalid OTLP export request)/);
    }
  });
});

describe('export responses', () => {
  it('encodes full success as an empty message and partial success with the rejected count', () => {
    expect(encodeExportResponse('logs', { rejected: 0 })).toHaveLength(0);
    expect(exportResponse('metrics', { rejected: 0 })).toEqual({});
    const cases = [
      ['logs', 'rejectedLogRecords'],
      ['metrics', 'rejectedDataPoints'],
      ['traces', 'rejectedSpans'],
    ] as const;
    for (const [signal, counter] of cases) {
      const type = messages[signal].response;
      const bytes = encodeExportResponse(signal, { rejected: 3, errorMessage: 'bad' });
      expect(type.toObject(type.decode(bytes), { longs: String })).toEqual({ partialSuccess: { [counter]: '3', errorMessage: 'bad' } });
      expect(exportResponse(signal, { rejected: 3, errorMessage: 'bad' })).toEqual({ partialSuccess: { [counter]: 3, errorMessage: 'bad' } });
    }
  });

  it('never writes a negative or fractional count', () => {
    expect(exportResponse('logs', { rejected: -2 })).toEqual({});
    expect(exportResponse('logs', { rejected: 2.7, errorMessage: 'x' })).toEqual({ partialSuccess: { rejectedLogRecords: 2, errorMessage: 'x' } });
  });
});

describe('otlpBodyFormat', () => {
  it('tells protobuf from JSON by Content-Type', () => {
    expect(otlpBodyFormat('application/x-protobuf')).toBe('protobuf');
    expect(otlpBodyFormat('application/protobuf; charset=binary')).toBe('protobuf');
    expect(otlpBodyFormat('Application/JSON; charset=utf-8')).toBe('json');
    expect(otlpBodyFormat(undefined)).toBe('json');
    expect(otlpBodyFormat('text/plain')).toBeUndefined();
  });
});
