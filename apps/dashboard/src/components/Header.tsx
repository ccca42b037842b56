import { useNow } from '../hooks/useNow';
import { formatAgo } from '../lib/format';
import { TRANSPORTS, type ThemePref, type TransportKind } from '../lib/prefs';
import { describeWindow, isHistoryWindow, liveHours, WINDOWS } from '../lib/windows';
import { forgetToken, requestRefresh, setTheme, setTransport, setUpdateInterval, setWindow } from '../live/connection';
import { useMonitor } from '../state/store';
import { AlertsBadge } from './AlertsBadge';
import { ForgetTokenButton } from './ForgetTokenButton';
import { NavLinks } from './NavLinks';
import { ScopeSelect } from './ScopeSelect';

export const INTERVALS: readonly number[] = [1, 2, 5, 10, 30, 60];

const THEME_NEXT: Record<ThemePref, ThemePref> = { system: 'dark', dark: 'light', light: 'system' };
const THEME_ICON: Record<ThemePref, string> = { system: '◐', dark: '☾', light: '☀' };

function ConnectionStatus() {
  const status = useMonitor((s) => s.status);
  const transport = useMonitor((s) => s.transport);
  return (
    <span className={`status status-${status}`} data-testid="connection-status" title={`Connection over ${transport}`}>
      <span className="dot" aria-hidden />
      {status} · {transport === 'sse' ? 'SSE' : 'WebSocket'}
    </span>
  );
}

function UpdatedAgo() {
  const receivedAt = useMonitor((s) => s.receivedAt);
  const now = useNow(1000);
  return <span className="muted updated">{receivedAt === null ? 'waiting for data…' : `updated ${formatAgo((now - receivedAt) / 1000)}`}</span>;
}

export function Header() {
  const hours = useMonitor((s) => s.hours);
  const interval = useMonitor((s) => s.interval);
  const transport = useMonitor((s) => s.transport);
  const theme = useMonitor((s) => s.theme);
  const demo = useMonitor((s) => s.snapshot?.sources.includes('demo') ?? false);

  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden>◆</span>
        <span className="brand-name">AMIGA Monitor</span>
        {demo && <span className="badge badge-demo" title="The server is simulating this data">demo data</span>}
        <NavLinks />
      </div>
      <div className="status-line">
        <ConnectionStatus />
        <UpdatedAgo />
        <AlertsBadge />
      </div>
      <div className="controls">
        <ScopeSelect />
        <label>
          <span>Window</span>
          <select data-testid="window-select" value={hours} onChange={(e) => setWindow(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.hours} value={w.hours} title={isHistoryWindow(w.hours) ? `Charts from history; cards and tables: ${describeWindow(liveHours(w.hours))}` : undefined}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Every</span>
          <select data-testid="interval-select" value={interval} onChange={(e) => setUpdateInterval(Number(e.target.value))}>
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {s}s
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Via</span>
          <select data-testid="transport-select" value={transport} onChange={(e) => setTransport(e.target.value as TransportKind)}>
            {TRANSPORTS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" data-testid="refresh-button" onClick={() => requestRefresh()}>
          ↻ Refresh
        </button>
        <ForgetTokenButton onForget={forgetToken} />
        <button
          type="button"
          className="btn btn-icon"
          data-testid="theme-toggle"
          title={`Theme: ${theme} (click to change)`}
          aria-label={`Theme: ${theme}`}
          onClick={() => setTheme(THEME_NEXT[theme])}
        >
          {THEME_ICON[theme]}
        </button>
      </div>
    </header>
  );
}
