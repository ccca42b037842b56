import { io } from 'socket.io-client';
import { frameLength } from '../lib/frame-event';
import { clearToken, loadToken, saveToken } from '../lib/token';
import { isUnauthorized, tokenAuth } from '../transport/socketio';
import { describeEvent } from './describe';
import { attachHistory } from './history';
import { attachRooms, replayRooms } from './rooms';
import { getSocket, setSocket, updateSizes, type BenchSocket } from './socket';
import { logEntry, useBench, type BenchNamespace } from './store';
import { attachSubscription, replaySubscription } from './subscription';
import { attachTopics, replayTopics } from './topics';

/** The test page's Socket.IO client: every action is a button, every event is logged. */

let everConnected = false;

const set = useBench.setState;

function create(namespace: BenchNamespace): BenchSocket {
  // A manager of its own per socket (forceNew): a namespace switch starts from a clean connection.
  const s: BenchSocket = io(namespace, {
    forceNew: true,
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
    engine.on('data', (data: unknown) => {
      updateSizes.record(data);
      set((st) => ({ bytesIn: st.bytesIn + frameLength(data) }));
    });
    engine.on('packetCreate', (packet: { data?: unknown }) => set((st) => ({ bytesOut: st.bytesOut + frameLength(packet.data) })));
  });
  s.io.on('reconnect_attempt', (n) => {
    set({ status: 'reconnecting' });
    logEntry('sys', 'reconnect_attempt', `attempt ${n}`);
  });
  s.on('connect', () => {
    if (everConnected) set((st) => ({ reconnects: st.reconnects + 1 }));
    everConnected = true;
    updateSizes.clear();
    set({ status: 'connected', auth: null });
    logEntry('sys', 'connect', `namespace ${namespace} · transport ${s.io.engine.transport.name}`);
    // The server forgot everything with the old connection: ask again for what was asked.
    replaySubscription();
    replayRooms();
    replayTopics();
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
    logEntry('in', event, describeEvent(event, args[0]));
  });
  s.on('connected', ({ client_id }) => set({ clientId: client_id }));
  attachSubscription(s);
  attachRooms(s);
  attachTopics(s);
  attachHistory(s);
  return s;
}

export function connect(): void {
  let socket = getSocket();
  if (!socket) {
    socket = create(useBench.getState().namespace);
    setSocket(socket);
  }
  if (socket.connected || socket.active) return;
  set({ status: 'connecting' });
  logEntry('sys', 'connecting', `namespace ${useBench.getState().namespace}`);
  socket.connect();
}

/** Keeps the token entered on this page for the session (the dashboard uses it too) and connects with it. */
export function connectWithToken(token: string): void {
  saveToken(token);
  logEntry('sys', 'token', 'stored for this session');
  connect();
}

export function disconnect(): void {
  const socket = getSocket();
  if (!socket) return;
  socket.disconnect();
  set({ status: 'disconnected', clientId: null });
}

/** The namespace of the next connection (`/` or `/metrics`); only while disconnected. */
export function setNamespace(namespace: BenchNamespace): void {
  const { status, namespace: current } = useBench.getState();
  if (status !== 'disconnected' || namespace === current) return;
  const old = getSocket();
  old?.removeAllListeners();
  old?.disconnect();
  setSocket(null);
  everConnected = false;
  set({ namespace });
  logEntry('sys', 'namespace', `next connection goes to ${namespace}`);
}

export function clearLog(): void {
  set({ log: [] });
}
