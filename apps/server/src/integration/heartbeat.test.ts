import { probeAnswer } from '@amiga/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, sleep, startServer } from '../test-support/server.js';

let app: App;
beforeAll(async () => {
  app = await startServer({ pingIntervalMs: 100, pingTimeoutMs: 200 });
});
afterAll(async () => {
  await app.close();
});

const metric = async (name: string): Promise<number> => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
};

describe('heartbeat monitoring', () => {
  it('exports the round trip of every ping a client answers as a histogram', async () => {
    const before = await metric('amiga_client_round_trip_seconds_count');
    const { socket } = await connectClient(app);
    await sleep(600);
    const after = await metric('amiga_client_round_trip_seconds_count');
    expect(after - before).toBeGreaterThanOrEqual(3);
    const sum = await metric('amiga_client_round_trip_seconds_sum');
    expect(sum / after).toBeLessThan(0.1);
    socket.disconnect();
  });

  it('tells a client its last heartbeat round trip through an acknowledged probe', async () => {
    const { socket } = await connectClient(app);
    const first = await socket.timeout(2_000).emitWithAck('probe');
    expect(probeAnswer.parse(first).heartbeat_rtt_ms).toBeNull();
    await sleep(300);
    const later = await socket.timeout(2_000).emitWithAck('probe');
    expect(later.heartbeat_rtt_ms).toBeGreaterThan(0);
    expect(later.heartbeat_rtt_ms).toBeLessThan(100);
    expect(Math.abs(later.timestamp - Date.now() / 1000)).toBeLessThan(5);
    const error = new Promise<{ error: string }>((resolve) => socket.once('error', resolve));
    (socket.emit as (e: string) => void)('probe');
    expect((await error).error).toMatch(/probe needs an acknowledgement/);
    socket.disconnect();
  });

  it('drops a client that stops answering pings, and counts it', async () => {
    const before = await metric('amiga_clients_dropped_no_heartbeat_total');
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (d: Buffer) => {
      if (d.toString().startsWith('0')) ws.send('40'); // join, then never answer a ping
    });
    await closed;
    await sleep(50);
    expect(await metric('amiga_clients_dropped_no_heartbeat_total')).toBe(before + 1);
  });
});
