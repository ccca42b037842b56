import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientToServerEvents, IngestEvent, ServerToClientEvents } from '@amiga/protocol';
import { io as connect, type Socket } from 'socket.io-client';
import { createApp, type App } from '../app.js';
import { testConfig, type Config } from '../config/config.js';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Starts the real server on a free loopback port with an in-memory store (or the given config). */
export async function startServer(overrides: Partial<Config> = {}): Promise<App> {
  const app = createApp({ config: testConfig({ dashboardDir: fakeDashboard(), ...overrides }) });
  await app.listen();
  return app;
}

/** A socket.io client to the app, connected and holding its `connected` payload. */
export async function connectClient(
  app: App,
  transport: 'websocket' | 'polling' = 'websocket',
): Promise<{ socket: TestClient; clientId: string }> {
  const socket: TestClient = connect(app.url, { transports: [transport], reconnection: false, forceNew: true });
  const clientId = await new Promise<string>((resolve, reject) => {
    socket.once('connected', (payload) => resolve(payload.client_id));
    socket.once('connect_error', reject);
  });
  return { socket, clientId };
}

/** Resolves with the next payload of `event`, or rejects after `ms`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: TestClient,
  event: E,
  ms = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler as never);
  });
}

/** Records every payload of an event, for "nothing arrived" assertions. */
export function record<E extends keyof ServerToClientEvents>(socket: TestClient, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** POSTs to the ingest API of an app, or of a server at a base URL (`http://127.0.0.1:port`). */
export async function post(target: App | string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${typeof target === 'string' ? target : target.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

export async function ingest(app: App, events: IngestEvent | IngestEvent[]): Promise<void> {
  const res = await post(app, events);
  if (res.status !== 202) throw new Error(`ingest refused: ${res.status} ${await res.text()}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` holds, polling every 25 ms; rejects naming `what` after `ms`. */
export async function waitFor(check: () => Promise<boolean> | boolean, ms = 15_000, what = 'condition'): Promise<void> {
  const until = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let dashboardDir: string | undefined;
/** A stand-in dashboard build, so SPA serving is tested without building the real one. */
function fakeDashboard(): string {
  if (!dashboardDir) {
    dashboardDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-dash-'));
    fs.mkdirSync(path.join(dashboardDir, 'assets'));
    fs.writeFileSync(path.join(dashboardDir, 'index.html'), '<!doctype html><title>AMIGA test dashboard</title><div id="root"></div>');
    fs.writeFileSync(path.join(dashboardDir, 'assets', 'app-abc123.js'), 'console.log("dashboard")');
  }
  return dashboardDir;
}
