import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../test-support/server.js';
import { backlogOf, isBehind } from './backpressure.js';

/**
 * The backpressure adapter against real sockets: socket.io 4.8 (engine.io, ws) on
 * 127.0.0.1, socket.io-client through a TCP proxy that can stop reading, like a
 * client that no longer reads. If an upgrade moves the internals the adapter reads,
 * these fail (a reader that stops reading would no longer be detected).
 */
const MESSAGE = 'x'.repeat(100 * 1024);
/** Enough to fill the loopback buffers on both sides of the proxy many times over. */
const MAX_MESSAGES = 600;

let httpServer: http.Server;
let io: Server;
let proxy: net.Server;
let proxyPort: number;
/** Server-to-client halves of the proxied connections (polling opens several). */
const links: Array<{ fromServer: net.Socket; toClient: net.Socket }> = [];
let reading = true;
const clients: ClientSocket[] = [];

/** Clients stop reading (or read again): the proxy stops taking what the server writes, on every connection, new ones too. */
function setReading(on: boolean): void {
  reading = on;
  for (const link of links) {
    if (on) link.fromServer.pipe(link.toClient);
    else {
      link.fromServer.unpipe(link.toClient);
      link.fromServer.pause();
    }
  }
}

beforeAll(async () => {
  httpServer = http.createServer();
  io = new Server(httpServer, { serveClient: false, perMessageDeflate: false, httpCompression: false });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const serverPort = (httpServer.address() as AddressInfo).port;
  proxy = net.createServer((toClient) => {
    const fromServer = net.connect(serverPort, '127.0.0.1');
    toClient.pipe(fromServer);
    if (reading) fromServer.pipe(toClient);
    else fromServer.pause();
    toClient.on('error', () => fromServer.destroy());
    fromServer.on('error', () => toClient.destroy());
    toClient.on('close', () => fromServer.destroy());
    fromServer.on('close', () => toClient.destroy());
    links.push({ fromServer, toClient });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const { fromServer, toClient } of links.splice(0)) {
    fromServer.destroy();
    toClient.destroy();
  }
  reading = true;
});

afterAll(async () => {
  await new Promise<void>((resolve) => io.close(() => resolve()));
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

/** A socket.io-client connected through the proxy, with the server's side of it and a count of what it received. */
async function open(transport: 'websocket' | 'polling') {
  const serverSide = new Promise<Socket>((resolve) => io.once('connection', resolve));
  const client = connect(`http://127.0.0.1:${proxyPort}`, { transports: [transport], reconnection: false, forceNew: true });
  clients.push(client);
  const received = { n: 0 };
  client.on('big' as never, () => {
    received.n += 1;
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', resolve);
    client.once('connect_error', reject);
  });
  return { socket: await serverSide, received };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe.each(['websocket', 'polling'] as const)('backpressure adapter over %s', (transport) => {
  it('reads the backlog of a connection, and a client that reads is never behind', async () => {
    const { socket, received } = await open(transport);
    expect(socket.conn.transport.name).toBe(transport);
    expect(backlogOf(socket)).toEqual({ packets: 0, bytes: 0 });
    for (let i = 0; i < 20; i++) socket.emit('big', MESSAGE);
    await waitFor(() => received.n === 20, 10_000, 'the client to read everything');
    await waitFor(() => !isBehind(socket), 5_000, 'the backlog to drain');
    expect(backlogOf(socket)).toEqual({ packets: 0, bytes: 0 });
  });

  it('detects a client that stops reading, and sees it catch up when it reads again', async () => {
    const { socket, received } = await open(transport);
    expect(isBehind(socket)).toBe(false);
    setReading(false);
    let sent = 0;
    // Send until it is behind, and still behind a moment later (a poll request in flight
    // when it stopped reading still takes what was held for it).
    for (let round = 0; round < 3 && !(isBehind(socket) && round > 0); round++) {
      while (!isBehind(socket) && sent < MAX_MESSAGES) {
        socket.emit('big', MESSAGE);
        sent += 1;
        await turn();
      }
      await sleep(200);
    }
    expect(isBehind(socket), `not behind after ${sent} messages of 100 KB to a client that does not read`).toBe(true);
    const backlog = backlogOf(socket);
    expect(backlog && (backlog.packets > 0 || backlog.bytes > 64 * 1024)).toBe(true);
    // Nothing drains while the client does not read.
    await sleep(300);
    expect(isBehind(socket)).toBe(true);

    setReading(true);
    await waitFor(() => received.n === sent, 20_000, 'the client to catch up');
    await waitFor(() => !isBehind(socket), 5_000, 'the backlog to drain');
  });
});
