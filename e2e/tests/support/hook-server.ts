import http from 'node:http';
import type net from 'node:net';

/** One request the hook server received. */
export interface HookRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A small local HTTP server standing in for a webhook receiver, on 127.0.0.1 and a free
 * port: it keeps what it received and answers 200, or 410 Gone under `/gone` (a permanent failure).
 */
export class HookServer {
  readonly received: HookRequest[] = [];
  #server: http.Server;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  static async start(): Promise<HookServer> {
    let hooks: HookServer | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // kept as an empty body: the assertions name what they expected
        }
        hooks?.received.push({ path: req.url ?? '/', headers: req.headers, body });
        const gone = (req.url ?? '').startsWith('/gone');
        res.writeHead(gone ? 410 : 200, { 'content-type': 'application/json' }).end(gone ? '{"error":"gone"}' : '{"ok":true}');
      });
    });
    hooks = new HookServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return hooks;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as net.AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
