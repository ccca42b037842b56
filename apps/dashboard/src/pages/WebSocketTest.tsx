import { HOURS_DEFAULT, INTERVAL_DEFAULT } from '@amiga/protocol';
import { useState } from 'react';
import { ForgetTokenButton } from '../components/ForgetTokenButton';
import { NavLinks } from '../components/NavLinks';
import { TokenForm } from '../components/TokenForm';
import { clearToken } from '../lib/token';
import { formatBytes, formatInt } from '../lib/format';
import { useMonitor } from '../state/store';
import { setTheme } from '../live/connection';
import * as bench from '../testbench/client';
import { useBench, type LogEntry } from '../testbench/store';

const ARROW: Record<LogEntry['dir'], string> = { in: '←', out: '→', sys: '•' };

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

function EventLog() {
  const log = useBench((s) => s.log);
  return (
    <section className="card log-card">
      <h2>
        Event log <span className="muted count">{log.length}</span>
        <button type="button" className="btn btn-small" onClick={bench.clearLog}>
          Clear
        </button>
      </h2>
      <ol className="event-log" data-testid="ws-event-log">
        {log.map((e) => (
          <li key={e.id} className={`log-${e.dir}`}>
            <time>{new Date(e.at).toLocaleTimeString('en-GB', { hour12: false })}.{String(e.at % 1000).padStart(3, '0')}</time>
            <span className="arrow" aria-label={e.dir}>
              {ARROW[e.dir]}
            </span>
            <span className="event-name">{e.event}</span>
            <span className="event-detail">{e.detail}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function WebSocketTest() {
  const s = useBench();
  const theme = useMonitor((st) => st.theme);
  const [hours, setHours] = useState(HOURS_DEFAULT);
  const [interval, setIntervalValue] = useState(INTERVAL_DEFAULT);
  const connected = s.status === 'connected';

  return (
    <>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>◆</span>
          <span className="brand-name">AMIGA Monitor</span>
          <NavLinks />
        </div>
        <div className="status-line">
          <span className={`status status-${connected ? 'live' : s.status === 'disconnected' ? 'offline' : 'reconnecting'}`} data-testid="ws-status">
            <span className="dot" aria-hidden />
            {s.status}
          </span>
          <span className="muted">Socket.IO test bench</span>
        </div>
        <div className="controls">
          <ForgetTokenButton onForget={clearToken} />
          <button
            type="button"
            className="btn btn-icon"
            title={`Theme: ${theme}`}
            aria-label={`Theme: ${theme}`}
            onClick={() => setTheme(theme === 'system' ? 'dark' : theme === 'dark' ? 'light' : 'system')}
          >
            {theme === 'system' ? '◐' : theme === 'dark' ? '☾' : '☀'}
          </button>
        </div>
      </header>
      <main className="page bench">
        {s.auth && <TokenForm onSubmit={bench.connectWithToken} error={s.auth.error} />}
        <section className="card bench-controls">
          <h2>Controls</h2>
          <div className="button-row">
            <button type="button" className="btn btn-primary" data-testid="ws-connect" onClick={bench.connect} disabled={s.status !== 'disconnected'}>
              Connect
            </button>
            <button type="button" className="btn" data-testid="ws-disconnect" onClick={bench.disconnect} disabled={s.status === 'disconnected'}>
              Disconnect
            </button>
          </div>
          <div className="field-row">
            <label>
              <span>Hours</span>
              <input data-testid="ws-hours" type="number" min={1} max={168} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
            </label>
            <label>
              <span>Interval (s)</span>
              <input data-testid="ws-interval" type="number" min={1} max={60} value={interval} onChange={(e) => setIntervalValue(Number(e.target.value))} />
            </label>
          </div>
          <div className="button-row">
            <button type="button" className="btn" data-testid="ws-subscribe" disabled={!connected} onClick={() => bench.subscribe(hours, interval)}>
              Subscribe
            </button>
            <button type="button" className="btn" data-testid="ws-unsubscribe" disabled={!connected} onClick={bench.unsubscribe}>
              Unsubscribe
            </button>
            <button type="button" className="btn" data-testid="ws-refresh" disabled={!connected} onClick={() => bench.requestRefresh(hours)}>
              Request refresh
            </button>
            <button type="button" className="btn" data-testid="ws-set-interval" disabled={!connected} onClick={() => bench.setInterval(interval)}>
              Set interval
            </button>
          </div>
        </section>
        <section className="card bench-stats">
          <h2>Connection</h2>
          <dl className="stats">
            <Stat label="Client id" value={s.clientId ?? '—'} testId="ws-client-id" />
            <Stat label="Transport" value={connected ? (s.engine ?? '—') : '—'} testId="ws-transport" />
            <Stat label="Messages in" value={formatInt(s.messagesIn)} testId="ws-messages-in" />
            <Stat label="Messages out" value={formatInt(s.messagesOut)} testId="ws-messages-out" />
            <Stat label="Bytes in" value={formatBytes(s.bytesIn)} />
            <Stat label="Bytes out" value={formatBytes(s.bytesOut)} />
            <Stat label="Reconnects" value={formatInt(s.reconnects)} testId="ws-reconnects" />
            <Stat label="Round trip" value={s.rttMs === null ? '—' : `${s.rttMs} ms`} testId="ws-rtt" />
          </dl>
        </section>
        <EventLog />
        <section className="card json-card">
          <h2>Latest metrics</h2>
          <pre className="json" data-testid="ws-latest">
            {s.latest ? JSON.stringify(s.latest, null, 2) : 'No metrics_update received yet: connect, then subscribe or request a refresh.'}
          </pre>
        </section>
      </main>
    </>
  );
}
