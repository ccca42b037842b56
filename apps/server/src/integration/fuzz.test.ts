import { metricsSnapshot, wellFormed } from '@amiga/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, next, sleep, startServer, type TestClient } from '../test-support/server.js';

/**
 * Thousands of random and mutated payloads against every client event and every
 * write endpoint: never a crash, never a 5xx, never a stored record that breaks a
 * snapshot, and memory that settles afterwards.
 */
let seed = 0x2f6b_1d3a;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const ATOMS: unknown[] = [
  0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE, '', ' ', 'soon', '24', '1e400', 'NaN', 'Infinity', '__proto__',
  'constructor', '\u0000', '\ud800', '🙂'.repeat(50), 'x'.repeat(5000), true, false, null, [], {}, [1, 2, 3],
  { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
];

function value(depth = 0): unknown {
  const r = rand();
  if (depth > 3 || r < 0.5) return pick(ATOMS);
  if (r < 0.75) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = 0; i < Math.floor(rand() * 4); i++) o[pick(['hours', 'update_interval', 'interval', 'type', 'id', 'x', '__proto__'])] = value(depth + 1);
  return o;
}

const VALID_EVENTS = [
  { type: 'task', id: 't', status: 'running', description: 'd', model: 'claude-sonnet-4-5', cost_usd: 1 },
  { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 10, output_tokens: 5, session_id: 's', project: 'p' },
  { type: 'tool_call', tool: 'Read', session_id: 's', success: true, duration_ms: 10 },
  { type: 'activity', description: 'x' },
];

/** A valid event with one field replaced by a random value (or removed, or an extra one added). */
function mutated(): unknown {
  const e: Record<string, unknown> = { ...pick(VALID_EVENTS) };
  const keys = Object.keys(e);
  const r = rand();
  if (r < 0.6) e[pick(keys)] = value();
  else if (r < 0.8) delete e[pick(keys)];
  else e[pick(['timestamp', 'cache_read_input_tokens', 'extra'])] = value();
  return e;
}

function otlpBody(): unknown {
  const attr = () => ({ key: pick(['event.name', 'model', 'input_tokens', 'session.id', 'cost_usd', value() as string]), value: pick([{ stringValue: value() }, { intValue: value() }, { doubleValue: value() }, value()]) });
  return rand() < 0.3
    ? value()
    : {
        resourceLogs: [
          {
            resource: { attributes: [attr()] },
            scopeLogs: [{ logRecords: Array.from({ length: 3 }, () => ({ timeUnixNano: value(), body: pick([{ stringValue: 'claude_code.api_request' }, value()]), attributes: [attr(), attr(), attr()] })) }],
          },
        ],
        resourceMetrics: rand() < 0.5 ? value() : undefined,
      };
}

const VALID_HOOKS = [
  { hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' }, tool_use_id: 'toolu_f' },
  { hook_event_name: 'PostToolUse', tool_name: 'Read', tool_input: { file_path: '/x' }, tool_response: {}, tool_use_id: 'toolu_g', duration_ms: 5 },
  { hook_event_name: 'Notification', message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' },
  { hook_event_name: 'SubagentStart', agent_id: 'a', agent_type: 'Explore' },
  { hook_event_name: 'Stop', stop_hook_active: false },
  { hook_event_name: 'SessionEnd', reason: 'other' },
  { hook_event_name: 'NotYetInvented', whatever: 1 },
];

/** A Claude Code hook event, valid or with one field replaced, removed or added. */
function hookBody(): unknown {
  const e: Record<string, unknown> = { session_id: `fz-${Math.floor(rand() * 20)}`, cwd: '/w', ...pick(VALID_HOOKS) };
  const r = rand();
  if (r < 0.2) return value();
  if (r < 0.6) e[pick(Object.keys(e))] = value();
  else if (r < 0.75) delete e[pick(Object.keys(e))];
  return e;
}

let app: App;
let watcher: TestClient;
beforeAll(async () => {
  app = await startServer({ sources: ['otlp'] });
  watcher = (await connectClient(app)).socket;
});
afterAll(async () => {
  watcher.disconnect();
  await app.close();
});

describe('fuzz', () => {
  it('random payloads for every client event never break the server or the connection', async () => {
    const { socket } = await connectClient(app);
    const emit = socket.emit.bind(socket) as (e: string, ...args: unknown[]) => void;
    for (let i = 0; i < 3000; i++) emit(pick(['subscribe', 'unsubscribe', 'request_refresh', 'set_interval']), value());
    // Events of one socket are handled in order: once the probe is answered, every answer to the
    // fuzzed events has been sent (a fixed sleep let a late `interval_updated` pass for ours under load).
    await socket.timeout(30_000).emitWithAck('probe');
    expect(socket.connected).toBe(true);
    const answer = next(socket, 'interval_updated');
    socket.emit('set_interval', { interval: 7 });
    expect(await answer).toEqual({ interval: 7 });
    socket.disconnect();
  }, 60_000);

  it.each(['/api/events', '/v1/logs', '/v1/metrics'])('random bodies to %s: never a 5xx, only valid data stored', async (path) => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1500; i++) {
      const r = rand();
      const body =
        path === '/api/events'
          ? r < 0.4
            ? mutated()
            : r < 0.7
              ? Array.from({ length: 1 + Math.floor(rand() * 5) }, () => (rand() < 0.5 ? mutated() : pick(VALID_EVENTS)))
              : value()
          : otlpBody();
      const raw = rand() < 0.05 ? JSON.stringify(body).slice(0, -1) : JSON.stringify(body);
      const res = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? 'undefined' });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    for (const status of statuses.keys()) expect(status, JSON.stringify([...statuses])).toBeLessThan(500);
    // The mix reached both the accepting and the refusing paths.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect((statuses.get(200) ?? 0) + (statuses.get(202) ?? 0)).toBeGreaterThan(0);
    const snapshot = await (await fetch(`${app.url}/api/metrics/snapshot?hours=168`)).json();
    expect(metricsSnapshot.safeParse(snapshot).success).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 120_000);

  it('random hook events to /api/hooks/claude-code: never a 5xx, 200 {} or a 400, nothing stored of a refused body', async () => {
    const statuses = new Map<number, number>();
    const accepted = new Set<string>();
    for (let i = 0; i < 1500; i++) {
      const body = hookBody();
      const raw = rand() < 0.05 ? JSON.stringify(body).slice(0, -1) : JSON.stringify(body);
      const res = await fetch(`${app.url}/api/hooks/claude-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? 'undefined' });
      const answer = (await res.json()) as Record<string, unknown>;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 200) {
        expect(answer).toEqual({});
        // A lone surrogate in an id is kept as U+FFFD (the store's text is UTF-8).
        accepted.add(wellFormed(String((body as { session_id: unknown }).session_id)));
      } else expect(typeof answer.error).toBe('string');
    }
    expect([...statuses.keys()].sort()).toEqual([200, 400]);
    const snapshot = metricsSnapshot.parse(await (await fetch(`${app.url}/api/metrics/snapshot`)).json());
    const listed = snapshot.live?.sessions.map((x) => x.session_id) ?? [];
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(accepted.has(id), id).toBe(true);
  }, 120_000);

  it('memory settles after the fuzzing', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const { socket } = await connectClient(app);
    const emit = socket.emit.bind(socket) as (e: string, ...args: unknown[]) => void;
    for (let i = 0; i < 3000; i++) emit(pick(['subscribe', 'request_refresh', 'set_interval']), value());
    await sleep(1_000);
    socket.disconnect();
    await sleep(300);
    gc?.();
    const after = process.memoryUsage().heapUsed;
    expect(after - before).toBeLessThan(50 * 1024 * 1024);
    expect(app.broadcaster.subscriberCount).toBe(0);
  }, 60_000);
});
