import { lazy, Suspense } from 'react';
import { useTheme } from './hooks/useTheme';
import { Dashboard } from './pages/Dashboard';
import { usePath } from './router';
import { retryImport } from './lib/retry-import';

/** The test bench is a page of its own: loaded only when visited. */
const WebSocketTest = lazy(() => retryImport(() => import('./pages/WebSocketTest')).then((m) => ({ default: m.WebSocketTest })));

export function App() {
  useTheme();
  const path = usePath();
  return path.replace(/\/+$/, '') === '/websocket-test' ? (
    <Suspense fallback={<main className="page muted">Loading the test bench…</main>}>
      <WebSocketTest />
    </Suspense>
  ) : (
    <Dashboard />
  );
}
