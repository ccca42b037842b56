import { lazy, Suspense } from 'react';
import { useTheme } from './hooks/useTheme';
import { Dashboard } from './pages/Dashboard';
import { usePath } from './router';
import { retryImport } from './lib/retry-import';
import { sessionIdOfPath } from './lib/session-path';

/** The test bench is a page of its own: loaded only when visited. */
const WebSocketTest = lazy(() => retryImport(() => import('./pages/WebSocketTest')).then((m) => ({ default: m.WebSocketTest })));
/** The alerts page (rules, deliveries): loaded only when visited. */
const AlertsPage = lazy(() => retryImport(() => import('./pages/Alerts')).then((m) => ({ default: m.AlertsPage })));
/** The sessions list and one session's page: loaded only when visited. */
const SessionsPage = lazy(() => retryImport(() => import('./pages/Sessions')).then((m) => ({ default: m.SessionsPage })));
const SessionPage = lazy(() => retryImport(() => import('./pages/Session')).then((m) => ({ default: m.SessionPage })));

export function App() {
  useTheme();
  const path = usePath();
  if (path.replace(/\/+$/, '') === '/sessions') {
    return (
      <Suspense fallback={<main className="page muted">Loading the sessions…</main>}>
        <SessionsPage />
      </Suspense>
    );
  }
  const sessionId = sessionIdOfPath(path);
  if (sessionId !== null) {
    return (
      <Suspense fallback={<main className="page muted">Loading the session…</main>}>
        <SessionPage key={sessionId} id={sessionId} />
      </Suspense>
    );
  }
  if (path.replace(/\/+$/, '') === '/alerts') {
    return (
      <Suspense fallback={<main className="page muted">Loading the alerts…</main>}>
        <AlertsPage />
      </Suspense>
    );
  }
  return path.replace(/\/+$/, '') === '/websocket-test' ? (
    <Suspense fallback={<main className="page muted">Loading the test bench…</main>}>
      <WebSocketTest />
    </Suspense>
  ) : (
    <Dashboard />
  );
}
