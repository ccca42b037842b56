import { metricsSnapshot, type ClientToServerEvents, type ServerToClientEvents } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, startServer, type TestClient } from '../test-support/server.js';

let app: App;
beforeAll(async () => {
  app = await startServer();
});
afterAll(async () => {
  await app.close();
});

async function msgpackClient(): Promise<TestClient> {
  const s: Socket<ServerToClientEvents, ClientToServerEvents> = connect(app.url, {
    path: '/socket.io-msgpack',
    parser: msgpackParser,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await next(s, 'connected');
  return s;
}

describe('the MessagePack path', () => {
  it('serves the same contract, and a msgpack client receives the same data as a JSON client', async () => {
    const binary = await msgpackClient();
    const { socket: text } = await connectClient(app);
    const firstBinary = next(binary, 'metrics_update');
    const firstText = next(text, 'metrics_update');
    binary.emit('subscribe', { hours: 1, update_interval: 1 });
    text.emit('subscribe', { hours: 1, update_interval: 1 });
    await Promise.all([firstBinary, firstText]);

    const a = next(binary, 'metrics_update');
    const b = next(text, 'metrics_update');
    await ingest(app, { type: 'api_request', model: 'claude-sonnet-4-5', input_tokens: 1234, output_tokens: 56, cost_usd: 0.25, session_id: 'mp' });
    const [fromBinary, fromText] = await Promise.all([a, b]);
    expect(metricsSnapshot.parse(fromBinary)).toEqual(fromText);
    expect(fromBinary.overview.claude_api.total_input_tokens).toBeGreaterThanOrEqual(1234);

    const error = next(binary, 'error');
    (binary.emit as (e: string, ...args: unknown[]) => void)('set_interval', { interval: 'soon' });
    expect((await error).error).toMatch(/set_interval/);
    binary.disconnect();
    text.disconnect();
  });

  it('a JSON client cannot talk to the MessagePack path, and the v1 JSON path is unchanged', async () => {
    const wrong: TestClient = connect(app.url, { path: '/socket.io-msgpack', transports: ['websocket'], reconnection: false, forceNew: true });
    const outcome = await Promise.race([
      next(wrong, 'connected').then(() => 'connected'),
      new Promise<string>((resolve) => setTimeout(() => resolve('no greeting'), 1_000)),
    ]);
    expect(outcome).toBe('no greeting');
    wrong.close();
    const { socket } = await connectClient(app);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });
});
