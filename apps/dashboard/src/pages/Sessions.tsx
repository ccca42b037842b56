import type { SessionListItem, SessionSort } from '@amiga/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Header } from '../components/Header';
import { SessionsFilters } from '../components/sessions/SessionsFilters';
import { SessionsListTable } from '../components/sessions/SessionsListTable';
import '../components/sessions/sessions.css';
import { TokenForm } from '../components/TokenForm';
import { useMetricsSocket } from '../hooks/useMetricsSocket';
import { useNow } from '../hooks/useNow';
import { describeFilters, nextSessionSort, parseSessionFilters, sessionFiltersSearch, type SessionFilters } from '../lib/sessions-url';
import { onTokenChange } from '../lib/token';
import { submitToken } from '../live/connection';
import { fetchSessions } from '../live/sessions';
import { useMonitor } from '../state/store';

/** `/sessions`: every session, filtered, sorted and paged by the server; the filters live in the address. */
export function SessionsPage() {
  const status = useMetricsSocket();
  const authError = useMonitor((s) => s.authError);
  return (
    <>
      <Header />
      <main className="page sessions-page">
        <h1 className="page-title">Sessions</h1>
        {status === 'unauthorized' ? <TokenForm onSubmit={submitToken} error={authError} /> : <SessionsList />}
      </main>
    </>
  );
}

interface ListState {
  sessions: SessionListItem[];
  next: string | null;
  loading: boolean;
  error: string | null;
}

const readFilters = () => parseSessionFilters(window.location.search);

function SessionsList() {
  const [filters, setFilters] = useState<SessionFilters>(readFilters);
  const [list, setList] = useState<ListState>({ sessions: [], next: null, loading: true, error: null });
  const [tokenTick, setTokenTick] = useState(0);
  const generation = useRef(0);
  const now = useNow(10_000) / 1000;

  // The address shows the filters (replacing the entry, so a reload or a shared link gives the same list).
  useEffect(() => {
    const search = sessionFiltersSearch(filters);
    if (window.location.pathname.startsWith('/sessions') && window.location.search !== search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    }
  }, [filters]);
  useEffect(() => {
    const back = () => setFilters(readFilters());
    window.addEventListener('popstate', back);
    const offToken = onTokenChange(() => setTokenTick((n) => n + 1));
    return () => {
      window.removeEventListener('popstate', back);
      offToken();
    };
  }, []);

  // The first page, again whenever the filters change.
  useEffect(() => {
    const gen = ++generation.current;
    const ctrl = new AbortController();
    setList((l) => ({ ...l, loading: true, error: null }));
    fetchSessions(filters, null, ctrl.signal).then(
      (page) => gen === generation.current && setList({ sessions: page.sessions, next: page.next_cursor, loading: false, error: null }),
      (err: unknown) => gen === generation.current && !ctrl.signal.aborted && setList((l) => ({ ...l, loading: false, error: String(err instanceof Error ? err.message : err) })),
    );
    return () => ctrl.abort();
  }, [filters, tokenTick]);

  const loadMore = useCallback(() => {
    if (list.next === null || list.loading) return;
    const gen = generation.current;
    setList((l) => ({ ...l, loading: true }));
    fetchSessions(filters, list.next).then(
      (page) =>
        gen === generation.current &&
        setList((l) => {
          const seen = new Set(l.sessions.map((s) => s.session_id));
          return { sessions: [...l.sessions, ...page.sessions.filter((s) => !seen.has(s.session_id))], next: page.next_cursor, loading: false, error: null };
        }),
      (err: unknown) => gen === generation.current && setList((l) => ({ ...l, loading: false, error: String(err instanceof Error ? err.message : err) })),
    );
  }, [filters, list.next, list.loading]);

  const suggestions = useMemo(() => {
    const of = (key: 'agent' | 'machine' | 'project') => [...new Set(list.sessions.map((s) => s[key]).filter((v): v is string => !!v))].sort();
    return { agent: of('agent'), machine: of('machine'), project: of('project'), model: [...new Set(list.sessions.flatMap((s) => s.models))].sort() };
  }, [list.sessions]);

  const announce = list.loading && list.sessions.length === 0 ? 'Loading sessions…' : describeFilters(filters, list.sessions.length, list.next !== null);
  return (
    <>
      <SessionsFilters filters={filters} onChange={setFilters} suggestions={suggestions} />
      <section className="card table-card">
        <h2>
          <span data-testid="sessions-summary" aria-live="polite" role="status">
            {announce}
          </span>
        </h2>
        {list.error && (
          <p className="banner banner-warn" role="alert" data-testid="sessions-error">
            The sessions could not be read: {list.error}
          </p>
        )}
        <SessionsListTable sessions={list.sessions} filters={filters} onSort={(sort: SessionSort) => setFilters(nextSessionSort(filters, sort))} now={now} />
        <div className="sessions-more">
          {list.next !== null && (
            <button type="button" className="btn" onClick={loadMore} disabled={list.loading} data-testid="sessions-more">
              {list.loading ? 'Loading…' : 'Load more'}
            </button>
          )}
          {list.next === null && list.sessions.length > 0 && !list.loading && (
            <span className="muted small" data-testid="sessions-end">
              All {list.sessions.length} listed
            </span>
          )}
        </div>
      </section>
    </>
  );
}
