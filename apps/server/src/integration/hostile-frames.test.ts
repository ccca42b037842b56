import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import { connectClient, ingest, next, sleep, startServer, type TestClient } from '../test-support/server.js';

/**
 * Raw engine.io / Socket.IO frames a client library would never send, straight over
 * a WebSocket and over HTTP long-polling. Each may close its own connection or be
 * answered with `error`; the server stays up and a well-behaved client keeps
 * receiving its updates throughout.
 */
let app: App;
let watcher: TestClient;
let updates = 0;

beforeAll(async () => {
  app = await startServer();
  watcher = (await connectClient(app)).socket;
  watcher.on('metrics_update', () => (updates += 1));
  watcher.emit('subscribe', { hours: 1, update_interval: 1 });
  await next(watcher, 'metrics_update');
});
afterAll(async () => {
  watcher.disconnect();
  await app.close();
});

/** Opens a raw engine.io WebSocket, optionally joins `/`, sends frames, and reports whether the server closed it. */
async function rawSession(frames: Array<string | Buffer>, join = true): Promise<{ closed: boolean; received: string[] }> {
  const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const received: string[] = [];
  let closed = false;
  ws.on('message', (d: Buffer) => received.push(d.toString()));
  ws.on('close', () => (closed = true));
  ws.on('error', () => (closed = true));
  await new Promise((resolve) => ws.once('open', resolve));
  await sleep(50);
  if (join) {
    ws.send('40');
    await sleep(50);
  }
  for (const f of frames) if (ws.readyState === WebSocket.OPEN) ws.send(f);
  await sleep(300);
  ws.terminate();
  return { closed, received };
}

async function stillServing(): Promise<void> {
  const before = updates;
  await ingest(app, { type: 'activity', description: `still serving ${Math.random()}` });
  for (let i = 0; i < 40 && updates === before; i++) await sleep(50);
  expect(updates).toBeGreaterThan(before);
  expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
}

describe('hostile frames over WebSocket', () => {
  it.each([
    ['a message packet with garbage', ['4abc']],
    ['an event with an object instead of an array', ['42{}']],
    ['an event with garbage before the array', ['42abc["subscribe",{}]']],
    ['an event whose name is not a string', ['42[42,{}]', '42[null]', '42[]']],
    ['a connect to an unknown namespace', ['40/admin,']],
    ['an event to an unknown namespace', ['42/admin,["subscribe",{}]']],
    ['binary garbage', [Buffer.from([0xff, 0x00, 0xfe, 0x13, 0x37]), Buffer.alloc(1024, 0xab)]],
    ['an oversized frame', [`42["subscribe",{"hours":"${'x'.repeat(64 * 1024)}"}]`]],
    ['deeply nested JSON', [`42["subscribe",${'['.repeat(5000)}${']'.repeat(5000)}]`]],
    ['huge and non-finite numbers', ['42["set_interval",{"interval":1e400}]', '42["subscribe",{"hours":-1e308}]']],
    ['unknown engine.io packet types', ['9', '7xyz', '']],
    ['a binary event placeholder with no attachment', ['451-["subscribe",{"_placeholder":true,"num":0}]']],
  ])('%s: the server stays up', async (_name, frames) => {
    await rawSession(frames);
    await stillServing();
  });

  it('an event before the namespace connect does not reach a handler', async () => {
    const { received } = await rawSession(['42["subscribe",{"hours":1}]'], false);
    expect(received.some((m) => m.includes('"subscribed"'))).toBe(false);
    await stillServing();
  });

  it('an oversized frame closes only the offending connection', async () => {
    const { closed } = await rawSession([`42["subscribe",${JSON.stringify({ pad: 'x'.repeat(100_000) })}]`]);
    expect(closed).toBe(true);
    await stillServing();
  });

  it('a flood of events is answered and the server keeps serving others', async () => {
    const frames = Array.from({ length: 2000 }, (_, i) => `42["set_interval",{"interval":${(i % 60) + 1}}]`);
    await rawSession(frames);
    await stillServing();
  });
});

describe('hostile requests over HTTP long-polling', () => {
  async function handshake(): Promise<string> {
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
    const text = await res.text();
    return (JSON.parse(text.slice(1)) as { sid: string }).sid;
  }

  it.each([
    ['garbage payload', '4abc'],
    ['an event with an object', '42{}'],
    ['a malformed packet batch', '\u001e\u001e42["subscribe"\u001e'],
    ['an oversized body', `42["x","${'y'.repeat(100_000)}"]`],
  ])('%s: refused or ignored, the server stays up', async (_name, body) => {
    const sid = await handshake();
    const res = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body });
    expect(res.status).toBeLessThan(500);
    await stillServing();
  });

  it('an unknown sid or transport is a client error, not a crash', async () => {
    expect((await fetch(`${app.url}/socket.io/?EIO=4&transport=polling&sid=nope`)).status).toBe(400);
    expect((await fetch(`${app.url}/socket.io/?EIO=4&transport=carrier-pigeon`)).status).toBe(400);
    expect((await fetch(`${app.url}/socket.io/?EIO=3&transport=polling`)).status).toBe(400);
    await stillServing();
  });
});
