import { gzipSync } from 'node:zlib';
import type { MetricsSnapshot } from '@amiga/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { testConfig, type SourceName } from '../config/config.js';

type Attr = { key: string; value: Record<string, unknown> };
const s = (key: string, value: string): Attr => ({ key, value: { stringValue: value } });
const i = (key: string, value: string | number): Attr => ({ key, value: { intValue: value } });
const d = (key: string, value: number): Attr => ({ key, value: { doubleValue: value } });

const NOW_NS = BigInt(Date.now() - 60_000) * 1_000_000n;
const SONNET = 'claude-sonnet-4-5-20250929';

/** A log record as Claude Code exports it (OTEL_EXPORTER_OTLP_PROTOCOL=http/json). */
function record(name: string, attrs: Attr[], seq: number, withEventName = true) {
  return {
    timeUnixNano: String(NOW_NS + BigInt(seq)),
    observedTimeUnixNano: String(NOW_NS + BigInt(seq)),
    body: { stringValue: `claude_code.${name}` },
    attributes: [
      s('user.id', 'u-1'),
      s('session.id', 'sess-1'),
      s('terminal.type', 'vscode'),
      ...(withEventName ? [s('event.name', name)] : []),
      s('event.timestamp', new Date(Number(NOW_NS / 1_000_000n)).toISOString()),
      i('event.sequence', seq),
      ...attrs,
    ],
    droppedAttributesCount: 0,
  };
}

function logs(records: unknown[], resource: Attr[] = [s('service.name', 'claude-code'), s('project', 'shop')]) {
  return {
    resourceLogs: [
      { resource: { attributes: resource }, scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events', version: '2.0.14' }, logRecords: records }] },
    ],
  };
}

const apiRequest = (seq: number, extra: Attr[] = []) =>
  record(
    'api_request',
    [
      s('model', SONNET),
      s('input_tokens', '1200'),
      s('output_tokens', '340'),
      i('cache_read_tokens', '5000'),
      d('cache_creation_tokens', 100),
      s('cost_usd', '0.0123'),
      s('duration_ms', '2345'),
      ...extra,
    ],
    seq,
  );

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(sources: SourceName[] = ['otlp']): Promise<App> {
  app = createApp({ config: testConfig({ sources }) });
  await app.listen();
  return app;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app?.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });

const snapshot = async (): Promise<MetricsSnapshot> => (await fetch(`${app?.url}/api/metrics/snapshot?hours=24`)).json() as Promise<MetricsSnapshot>;

describe('OTLP/HTTP JSON receiver', () => {
  it('turns api_request, tool_result and api_error events into metrics, once per retry', async () => {
    await start();
    const body = logs([
      apiRequest(1, [s('request_id', 'req_01')]),
      record('tool_result', [s('tool_name', 'Read'), s('success', 'true'), s('duration_ms', '12')], 2),
      record('tool_result', [s('tool_name', 'Bash'), s('success', 'false'), s('duration_ms', '900')], 3, false),
      record('api_error', [s('model', SONNET), s('error', 'Overloaded'), s('status_code', '529')], 4),
      record('user_prompt', [s('prompt_length', '42')], 5),
    ]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const res = await post('/v1/logs', body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({});
    }
    const snap = await snapshot();
    expect(snap.sources).toEqual(['ingest', 'otlp']);
    expect(snap.overview.claude_api).toMatchObject({
      total_requests: 1,
      total_input_tokens: 1200,
      total_output_tokens: 340,
      total_cache_read_tokens: 5000,
      total_cache_creation_tokens: 100,
      errors: 1,
    });
    expect(snap.overview.costs.total_cost).toBeCloseTo(0.0123, 6); // the cost Claude Code reported
    expect(snap.overview.tools).toEqual({ total_calls: 2, by_type: { Bash: 1, Read: 1 }, failed_calls: 1 });
    expect(snap.sessions.list[0]).toMatchObject({ session_id: 'sess-1', project: 'shop', requests: 1, tool_calls: 2 });
  });

  it('accepts gzip bodies, numbers in every encoding, and prices requests without a cost', async () => {
    await start();
    const body = logs([
      record('api_request', [s('model', 'claude-haiku-4-5-20251001'), i('input_tokens', 1000), d('output_tokens', 2000), s('cache_read_tokens', '0')], 7),
    ]);
    const res = await post('/v1/logs', gzipSync(JSON.stringify(body)), { 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    const snap = await snapshot();
    expect(snap.overview.claude_api.total_output_tokens).toBe(2000);
    expect(snap.overview.costs.total_cost).toBeCloseTo((1000 * 1 + 2000 * 5) / 1e6, 6);
  });

  it('dedups retried records that carry neither request_id nor event.sequence', async () => {
    await start();
    const bare = { timeUnixNano: String(NOW_NS), body: { stringValue: 'claude_code.tool_result' }, attributes: [s('tool_name', 'Grep')] };
    await post('/v1/logs', logs([bare]));
    await post('/v1/logs', logs([bare]));
    expect((await snapshot()).overview.tools.total_calls).toBe(1);
  });

  it('reports refused records as a partial success', async () => {
    await start();
    const res = await post('/v1/logs', logs([record('api_request', [s('input_tokens', 'many')], 9), apiRequest(10)]));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { partialSuccess: { rejectedLogRecords: number; errorMessage: string } };
    expect(json.partialSuccess.rejectedLogRecords).toBe(1);
    expect(json.partialSuccess.errorMessage).toContain('api_request');
    expect((await snapshot()).overview.claude_api.total_requests).toBe(1);
  });

  it('answers 400 to malformed bodies (JSON or protobuf) and 413 to oversized ones', async () => {
    await start();
    expect((await post('/v1/logs', '{"resourceLogs": [')).status).toBe(400);
    expect((await post('/v1/logs', { resourceLogs: 'nope' })).status).toBe(400);
    expect((await post('/v1/metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 5 }] }] }] })).status).toBe(400);
    expect((await post('/v1/logs', JSON.stringify({ pad: 'x'.repeat(6 * 1024 * 1024) }))).status).toBe(413);
    expect((await post('/v1/logs', new Uint8Array([10, 2]), { 'content-type': 'application/x-protobuf' })).status).toBe(400);
    expect((await post('/v1/traces', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f]), { 'content-type': 'application/x-protobuf' })).status).toBe(400);
  });

  it('keeps metrics for cross-checks without adding them to the totals', async () => {
    await start();
    const point = (type: string, value: number) => ({ attributes: [s('type', type), s('model', SONNET)], timeUnixNano: String(NOW_NS), asDouble: value });
    const res = await post('/v1/metrics', {
      resourceMetrics: [
        {
          resource: { attributes: [s('service.name', 'claude-code')] },
          scopeMetrics: [
            {
              metrics: [
                { name: 'claude_code.token.usage', unit: 'tokens', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point('input', 1200), point('output', 340)] } },
                { name: 'claude_code.cost.usage', unit: 'USD', sum: { dataPoints: [{ asDouble: 0.0123, attributes: [] }] } },
                { name: 'claude_code.session.count', sum: { dataPoints: [{ asInt: '1' }] } },
              ],
            },
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await snapshot()).overview.claude_api.total_requests).toBe(0);
    const sources = (await (await fetch(`${app?.url}/api/sources`)).json()) as { sources: Array<{ name: string; status?: { metrics: unknown } }> };
    expect(sources.sources.find((x) => x.name === 'otlp')?.status?.metrics).toMatchObject({ tokens: { input: 1200, output: 340 }, cost_usd: 0.0123 });
  });

  it('is not mounted when the otlp source is off', async () => {
    await start([]);
    expect((await post('/v1/logs', logs([apiRequest(1)]))).status).toBe(404);
    expect((await snapshot()).sources).toEqual(['ingest']);
  });
});
