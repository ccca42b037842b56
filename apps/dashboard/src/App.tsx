import { useTheme } from './hooks/useTheme';
import { Dashboard } from './pages/Dashboard';
import { WebSocketTest } from './pages/WebSocketTest';
import { usePath } from './router';

export function App() {
  useTheme();
  const path = usePath();
  return path.replace(/\/+$/, '') === '/websocket-test' ? <WebSocketTest /> : <Dashboard />;
}
