/**
 * The floor: a bare `ws` server that speaks just enough engine.io to serve the
 * bench's clients, and on each change sends one pre-encoded frame of the same size
 * as the real snapshot to every subscriber. What the machine can do with no framework.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT);
const frameBytes = Number(process.env.FLOOR_FRAME_BYTES ?? 4000);
const subscribers = new Set<WebSocket>();
// Frames are Buffers: sent as text (`binary: false`), as Socket.IO's JSON packets are (the bench's client reads binary frames as MessagePack).
let frame = encode(0);

function encode(n: number): Buffer {
  const head = `42["metrics_update",{"activity":[{"description":"bench-${n}"}],"pad":"`;
  const tail = '"}]';
  return Buffer.from(head + 'x'.repeat(Math.max(0, frameBytes - head.length - tail.length)) + tail);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return void res.end('ok');
  if (req.method === 'POST' && req.url === '/api/events') {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const n = Number(/bench-(\d+)/.exec(body)?.[1] ?? 0);
      frame = encode(n);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
      for (const ws of subscribers) ws.send(frame, { binary: false });
    });
    return;
  }
  res.writeHead(404).end();
});

const wss = new WebSocketServer({ server, path: '/socket.io/', perMessageDeflate: false });
let ids = 0;
wss.on('connection', (ws) => {
  const sid = `f${++ids}`;
  ws.send(`0{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}`);
  const ping = setInterval(() => ws.send('2'), 25_000);
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === '40') ws.send(`40{"sid":"${sid}"}`);
    else if (text.startsWith('42["subscribe"')) {
      subscribers.add(ws);
      ws.send('42["subscribed",{"status":"subscribed","config":{"hours":24,"update_interval":1}}]');
      ws.send(frame, { binary: false });
    }
  });
  ws.on('close', () => {
    clearInterval(ping);
    subscribers.delete(ws);
  });
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
