import { debounce } from '../lib/debounce';
import { savePrefs, type TransportKind } from '../lib/prefs';
import { shareUnchanged } from '../lib/share';
import { sameScope, saveScope, scopeOfWindow, type ScopeChoice } from '../lib/scope-url';
import { clearToken, loadToken, saveToken } from '../lib/token';
import { liveHours } from '../lib/windows';
import { prefsOf, useMonitor, type Counters, type MonitorState } from '../state/store';
import { socketIoTransport } from '../transport/socketio';
import { sseTransport } from '../transport/sse';
import type { MetricsTransport, TransportFactory, TransportSink } from '../transport/transport';

/**
 * The dashboard's one live connection, at module level so no component owns it.
 * Components hold it with `retain()`; it closes shortly after the last one lets go.
 */
const factories: Record<TransportKind, TransportFactory> = { websocket: socketIoTransport, sse: sseTransport };

let transport: MetricsTransport | null = null;
let holders = 0;
let closeTimer: ReturnType<typeof setTimeout> | undefined;

const set = useMonitor.setState;
/** What the transports subscribe to: the live part of the chosen window (a longer one draws its charts from history). */
const current = () => {
  const { hours, interval, agent, machine } = useMonitor.getState();
  return { hours: liveHours(hours), interval, agent, machine };
};

/** A sink that ignores a transport once it has been replaced. */
function sinkFor(owner: () => MetricsTransport | null): TransportSink {
  const mine = () => owner() === transport;
  return {
    status: (status) => mine() && set(status === 'live' ? { status, authError: null } : { status }),
    clientId: (clientId) => mine() && set({ clientId }),
    message: () => mine() && set((s) => ({ counters: { ...s.counters, messages: s.counters.messages + 1 } })),
    reconnected: () => mine() && set((s) => ({ counters: { ...s.counters, reconnects: s.counters.reconnects + 1 } })),
    serverError: (message) => mine() && set({ lastError: { message, at: Date.now() } }),
    authRequired: () => {
      if (!mine()) return;
      // A stored token that was refused is wrong (or revoked): drop it and say so.
      const refused = loadToken() !== null;
      if (refused) clearToken();
      set({
        status: 'unauthorized',
        clientId: null,
        snapshot: null,
        receivedAt: null,
        authError: refused ? 'The server refused that token. Check MONITORING_TOKEN and try again.' : null,
      });
    },
    gap: () => mine() && set((s) => ({ counters: { ...s.counters, gaps: s.counters.gaps + 1 } })),
    snapshot: (snapshot, bytes, kind) => {
      if (!mine()) return;
      const counted = (s: MonitorState): Counters => ({
        ...s.counters,
        messages: s.counters.messages + 1,
        bytes: s.counters.bytes + bytes,
        ...(kind === 'delta'
          ? { deltaUpdates: s.counters.deltaUpdates + 1, deltaBytes: s.counters.deltaBytes + bytes }
          : { fullUpdates: s.counters.fullUpdates + 1, fullBytes: s.counters.fullBytes + bytes }),
      });
      // A snapshot for a window the user has just left is only counted, not shown.
      // Likewise one computed with a filter the user has just changed (the snapshot echoes its filter in `window`).
      const want = current();
      if (snapshot.window.hours !== want.hours || !sameScope(scopeOfWindow(snapshot.window), want)) return set((s) => ({ counters: counted(s) }));
      // Sections that did not change keep their identity, so the components drawing them skip re-rendering.
      set((s) => ({
        snapshot: s.snapshot && s.snapshot.window.hours === snapshot.window.hours ? shareUnchanged(s.snapshot, snapshot) : snapshot,
        receivedAt: Date.now(),
        counters: counted(s),
        status: 'live',
      }));
    },
  };
}

function openTransport(kind: TransportKind): void {
  let self: MetricsTransport | null = null;
  self = factories[kind](
    sinkFor(() => self),
    current,
  );
  transport = self;
  self.open();
}

/** Keeps the connection open while held; returns the release function. */
export function retain(): () => void {
  holders++;
  clearTimeout(closeTimer);
  if (!transport) openTransport(useMonitor.getState().transport);
  return () => {
    holders--;
    if (holders > 0) return;
    closeTimer = setTimeout(() => {
      if (holders > 0 || !transport) return;
      transport.close();
      transport = null;
      set({ status: 'offline', clientId: null });
    }, 100);
  };
}

function persist(): void {
  savePrefs(prefsOf(useMonitor.getState()));
}

/** Closes the live connection and opens it again (same transport), e.g. with a new token. */
function reopen(): void {
  if (!transport) return;
  transport.close();
  openTransport(useMonitor.getState().transport);
}

/** Keeps the token the user entered for this session and connects with it. */
export function submitToken(token: string): void {
  saveToken(token);
  set({ status: 'connecting' });
  reopen();
}

/** Forgets the stored token and reconnects without it (the server says whether it needs one). */
export function forgetToken(): void {
  clearToken();
  set({ authError: null, snapshot: null, receivedAt: null });
  reopen();
}

export function setTransport(kind: TransportKind): void {
  if (useMonitor.getState().transport === kind) return;
  set({ transport: kind, clientId: null });
  persist();
  if (transport) {
    transport.close();
    openTransport(kind);
  }
}

export function setWindow(hours: number): void {
  const live = liveHours(useMonitor.getState().hours);
  set({ hours });
  persist();
  // 7 d, 30 d and 90 d share the 7 d live subscription: only the charts' source changes.
  if (liveHours(hours) !== live) transport?.resubscribe();
}

/** Shows one agent and/or one machine (null: all): kept in the page address, and the live feed resubscribes with it. */
export function setScope(change: Partial<ScopeChoice>): void {
  const { agent, machine } = useMonitor.getState();
  const next: ScopeChoice = { agent: change.agent === undefined ? agent : change.agent, machine: change.machine === undefined ? machine : change.machine };
  if (sameScope(next, { agent, machine })) return;
  set(next);
  saveScope(next);
  transport?.resubscribe();
}

export function setUpdateInterval(interval: number): void {
  set({ interval });
  persist();
  transport?.resubscribe();
}

/** A burst of clicks sends one refresh request, 500 ms after the last. */
export const requestRefresh = debounce(() => transport?.refresh(), 500);

export function setBudget(budget: number | null): void {
  set({ budget });
  persist();
}

export function setTheme(theme: 'system' | 'light' | 'dark'): void {
  set({ theme });
  persist();
}

export function dismissError(): void {
  set({ lastError: null });
}
