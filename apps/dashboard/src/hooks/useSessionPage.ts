import type { SessionPage } from '@amiga/protocol';
import { useEffect, useState } from 'react';
import { startPoll } from '../lib/poll';
import { isActiveSession } from '../lib/session-export';
import { onTokenChange } from '../lib/token';
import { fetchSession } from '../live/sessions';
import { useMonitor } from '../state/store';

/** How often an active session is read again; a live metrics update asks sooner, at most every SESSION_MIN_GAP_MS. */
export const SESSION_POLL_MS = 3000;
export const SESSION_MIN_GAP_MS = 2000;

export type SessionPageState =
  | { status: 'loading' }
  | { status: 'not_found' }
  | { status: 'error'; error: string; page: SessionPage | null }
  | { status: 'ready'; page: SessionPage; fetchedAt: number };

/**
 * One session's page, read on mount and kept fresh: every SESSION_POLL_MS while it is active
 * (recent activity or a working / waiting live state), and after each live metrics update
 * (throttled), so a session that wakes up again is seen too.
 */
export function useSessionPage(id: string): SessionPageState {
  const [state, setState] = useState<SessionPageState>({ status: 'loading' });
  useEffect(() => {
    setState({ status: 'loading' });
    let current: SessionPage | null = null;
    let poked = true;
    const ctrl = new AbortController();
    const run = async () => {
      const active = current !== null && isActiveSession(current.session, Date.now() / 1000);
      if (!poked && !active) return;
      poked = false;
      try {
        const page = await fetchSession(id, ctrl.signal);
        if (ctrl.signal.aborted) return;
        current = page;
        setState(page === null ? { status: 'not_found' } : { status: 'ready', page, fetchedAt: Date.now() });
      } catch (err) {
        if (ctrl.signal.aborted) return;
        setState({ status: 'error', error: err instanceof Error ? err.message : String(err), page: current });
      }
    };
    const poll = startPoll({ run, everyMs: SESSION_POLL_MS, minGapMs: SESSION_MIN_GAP_MS });
    const poke = () => {
      poked = true;
      poll.poke();
    };
    const offSnapshot = useMonitor.subscribe((s, prev) => {
      if (s.snapshot !== prev.snapshot && s.snapshot !== null) poke();
    });
    const offToken = onTokenChange(poke);
    return () => {
      ctrl.abort();
      poll.stop();
      offSnapshot();
      offToken();
    };
  }, [id]);
  return state;
}
