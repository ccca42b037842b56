import type { ClientToServerEvents, MetricsSnapshot, ServerToClientEvents } from '@amiga/protocol';
import { io, type Socket } from 'socket.io-client';
import { formatUsd } from '../lib/format';
import { clearToken, loadToken, saveToken } from '../lib/token';
import { frameLength, isUnauthorized, tokenAuth } from '../transport/socketio';
import { logEntry, useBench } from './store';

/** The test page's Socket.IO client: every action is a button, every event is logged. */
type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: BenchSocket | null = null;
/** The last subscription asked for, replayed after a reconnect. */
let subscription: { hours: number; update_interval: number } | null = null;
let refreshSentAt: number | null = null;
let everConnected = false;

const set = useBench.setState;

function describe(event: string, args: unknown[]): string {
  const payload = args[0];
  if (event === 'metrics_update' && payload && typeof payload === 'object') {
    const s = payload as MetricsSnapshot;
    return `window ${s.window.hours}h · ${s.overview.claude_api.total_requests} requests · ${formatUsd(s.overview.costs.total_cost)}`;
  }
  return payload === undefined ? '' : JSON.stringify(payload);
}

function create(): BenchSocket {
  const s: BenchSocket = io({
    autoConnect: false,
    transports: ['websocket', 'polling'],
    reconnectionAttempts: Infinity,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    auth: tokenAuth,
  });
  s.io.on('open', () => {
    const engine = s.io.engine;
    set({ engine: engine.transport.name });
    engine.on('upgrade', () => set({ engine: engine.transport.name }));
    engine.on('data', (data: unknown) => set((st) => ({ bytesIn: st.bytesIn + frameLength(data) })));
    engine.on('packetCreate', (packet: { data?: unknown }) => set((st) => ({ bytesOut: st.bytesOut + frameLength(packet.data) })));
  });
  s.io.on('reconnect_attempt', (n) => {
    set({ status: 'reconnecting' });
    logEntry('sys', 'reconnect_attempt', `attempt ${n}`);
  });
  s.on('connect', () => {
    if (everConnected) set((st) => ({ reconnects: st.reconnects + 1 }));
    everConnected = true;
    set({ status: 'connected', auth: null });
    logEntry('sys', 'connect', `transport ${s.io.engine.transport.name}`);
    if (subscription) send('subscribe', subscription);
  });
  s.on('disconnect', (reason) => {
    set({ status: reason === 'io client disconnect' ? 'disconnected' : 'reconnecting', clientId: null });
    logEntry('sys', 'disconnect', reason);
  });
  s.on('connect_error', (err) => {
    logEntry('sys', 'connect_error', err.message);
    if (!isUnauthorized(err)) return;
    // The client does not retry a refused handshake: ask for a token (dropping a refused one).
    const refused = loadToken() !== null;
    if (refused) clearToken();
    logEntry('sys', 'unauthorized', refused ? 'the stored token was refused' : 'the server requires an access token (MONITORING_TOKEN)');
    set({ status: 'disconnected', clientId: null, auth: { refused: true, error: refused ? 'The server refused that token. Check MONITORING_TOKEN and try again.' : null } });
  });
  s.onAny((event: string, ...args: unknown[]) => {
    set((st) => ({ messagesIn: st.messagesIn + 1 }));
    logEntry('in', event, describe(event, args));
  });
  s.on('connected', ({ client_id }) => set({ clientId: client_id }));
  s.on('metrics_update', (snapshot) => {
    const rtt = refreshSentAt === null ? {} : { rttMs: Math.round(performance.now() - refreshSentAt) };
    refreshSentAt = null;
    set({ latest: snapshot, ...rtt });
  });
  return s;
}

function send<K extends keyof ClientToServerEvents>(event: K, ...args: Parameters<ClientToServerEvents[K]>): void {
  if (!socket?.connected) {
    logEntry('sys', 'not connected', `${event} not sent`);
    return;
  }
  socket.emit(event, ...args);
  set((st) => ({ messagesOut: st.messagesOut + 1 }));
  logEntry('out', event, args[0] === undefined ? '' : JSON.stringify(args[0]));
}

export function connect(): void {
  socket ??= create();
  if (socket.connected || socket.active) return;
  set({ status: 'connecting' });
  logEntry('sys', 'connecting');
  socket.connect();
}

/** Keeps the token entered on this page for the session (the dashboard uses it too) and connects with it. */
export function connectWithToken(token: string): void {
  saveToken(token);
  logEntry('sys', 'token', 'stored for this session');
  connect();
}

export function disconnect(): void {
  if (!socket) return;
  socket.disconnect();
  set({ status: 'disconnected', clientId: null });
}

export function subscribe(hours: number, updateInterval: number): void {
  subscription = { hours, update_interval: updateInterval };
  send('subscribe', subscription);
}

export function unsubscribe(): void {
  subscription = null;
  send('unsubscribe');
}

export function requestRefresh(hours: number): void {
  if (socket?.connected) refreshSentAt = performance.now();
  send('request_refresh', { hours });
}

export function setInterval(interval: number): void {
  if (subscription) subscription = { ...subscription, update_interval: interval };
  send('set_interval', { interval });
}

export function clearLog(): void {
  set({ log: [] });
}

