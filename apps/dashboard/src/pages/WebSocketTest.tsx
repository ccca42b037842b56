import { HOURS_DEFAULT, INTERVAL_DEFAULT } from '@amiga/protocol';
import { useState } from 'react';
import { ControlsPanel } from '../components/bench/ControlsPanel';
import { EventLog } from '../components/bench/EventLog';
import { HistoryPanel } from '../components/bench/HistoryPanel';
import { ProbePanel } from '../components/bench/ProbePanel';
import { RoomsPanel } from '../components/bench/RoomsPanel';
import { StatsPanel } from '../components/bench/StatsPanel';
import { TopicsPanel } from '../components/bench/TopicsPanel';
import { ForgetTokenButton } from '../components/ForgetTokenButton';
import { NavLinks } from '../components/NavLinks';
import { TokenForm } from '../components/TokenForm';
import { setTheme } from '../live/connection';
import { clearToken } from '../lib/token';
import { useMonitor } from '../state/store';
import * as bench from '../testbench/client';
import { useBench } from '../testbench/store';

function LatestSnapshot() {
  const latest = useBench((s) => s.latest);
  return (
    <section className="card json-card">
      <h2>Latest metrics{latest?.seq === undefined ? '' : ` · seq ${latest.seq}`}</h2>
      <pre className="json" data-testid="ws-latest">
        {latest ? JSON.stringify(latest, null, 2) : 'No metrics_update received yet: connect, then subscribe or request a refresh.'}
      </pre>
    </section>
  );
}

/** The interactive protocol page: a control for every client event, a log of every event in and out. */
export function WebSocketTest() {
  const status = useBench((s) => s.status);
  const auth = useBench((s) => s.auth);
  const theme = useMonitor((st) => st.theme);
  const [hours, setHours] = useState(HOURS_DEFAULT);
  const [interval, setIntervalValue] = useState(INTERVAL_DEFAULT);
  const connected = status === 'connected';

  return (
    <>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden>◆</span>
          <span className="brand-name">AMIGA Monitor</span>
          <NavLinks />
        </div>
        <div className="status-line">
          <span className={`status status-${connected ? 'live' : status === 'disconnected' ? 'offline' : 'reconnecting'}`} data-testid="ws-status">
            <span className="dot" aria-hidden />
            {status}
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
        {auth && <TokenForm onSubmit={bench.connectWithToken} error={auth.error} />}
        <ControlsPanel hours={hours} interval={interval} onHours={setHours} onInterval={setIntervalValue} />
        <StatsPanel />
        <RoomsPanel />
        <ProbePanel />
        <TopicsPanel hours={hours} interval={interval} />
        <HistoryPanel />
        <EventLog />
        <LatestSnapshot />
      </main>
    </>
  );
}
