import type { SessionPage as SessionPageData } from '@amiga/protocol';
import { Header } from '../components/Header';
import { ChartCard } from '../components/charts/ChartCard';
import { RequestsTable } from '../components/sessions/RequestsTable';
import { SessionHeader } from '../components/sessions/SessionHeader';
import { SessionTimelineChart } from '../components/sessions/SessionTimelineChart';
import '../components/sessions/sessions.css';
import { ToolsPanel } from '../components/sessions/ToolsPanel';
import { TokenForm } from '../components/TokenForm';
import { useMetricsSocket } from '../hooks/useMetricsSocket';
import { useSessionPage } from '../hooks/useSessionPage';
import { formatClock } from '../lib/format';
import { submitToken } from '../live/connection';
import { navigate } from '../router';
import { useMonitor } from '../state/store';

/** `/sessions/:id`: what one session did, request by request and tool by tool. */
export function SessionPage({ id }: { id: string }) {
  const status = useMetricsSocket();
  const authError = useMonitor((s) => s.authError);
  return (
    <>
      <Header />
      <main className="page session-page">
        <p className="small">
          <a
            href="/sessions"
            onClick={(e) => {
              if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
              e.preventDefault();
              navigate('/sessions');
            }}
          >
            ← All sessions
          </a>
        </p>
        {status === 'unauthorized' ? <TokenForm onSubmit={submitToken} error={authError} /> : <SessionContent id={id} />}
      </main>
    </>
  );
}

function SessionContent({ id }: { id: string }) {
  const state = useSessionPage(id);
  if (state.status === 'loading') return <p className="muted">Loading the session…</p>;
  if (state.status === 'not_found') {
    return (
      <section className="card session-not-found" data-testid="session-not-found">
        <h1>Session not found</h1>
        <p>
          This server knows no session <code>{id}</code>. It may be from another server, or its data may have been pruned.
        </p>
        <p>
          <a href="/sessions">See every session</a>
        </p>
      </section>
    );
  }
  const page = state.page;
  if (page === null) return <p className="bad">The session could not be read: {state.status === 'error' ? state.error : ''}</p>;
  return (
    <>
      {state.status === 'error' && <p className="banner banner-warn">The last refresh failed ({state.error}); showing what was read before.</p>}
      <SessionBody page={page} />
    </>
  );
}

function SessionBody({ page }: { page: SessionPageData }) {
  const s = page.session;
  return (
    <>
      <SessionHeader page={page} />
      <ChartCard title="Timeline" caption="per minute: cost, tokens, tool calls" wide testId="session-timeline" attrs={{ 'data-points': page.timeline.length }}>
        <SessionTimelineChart points={page.timeline} />
      </ChartCard>
      <RequestsTable requests={page.requests} />
      {page.next_requests_cursor !== null && <p className="muted small">Only the first {page.requests.length} requests are listed.</p>}
      <ToolsPanel tools={page.tools} />
      <div className="lower">
        <section className="card" data-testid="session-subagents">
          <h2>
            Subagents <span className="muted count">{s.subagents.length}</span>
          </h2>
          {s.subagents.length === 0 ? (
            <p className="muted small">No subagent reported by the hooks.</p>
          ) : (
            <ul>
              {s.subagents.map((a) => (
                <li key={a.id}>
                  {a.type ?? 'subagent'} <span className="muted small">{a.id}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" data-testid="session-errors">
          <h2>
            Errors <span className="muted count">{page.errors.length}</span>
          </h2>
          {page.errors.length === 0 ? (
            <p className="muted small">No API error.</p>
          ) : (
            <ul>
              {page.errors.map((e, i) => (
                <li key={i} className="bad">
                  <span className="muted">{formatClock(e.ts)}</span> {e.kind}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
