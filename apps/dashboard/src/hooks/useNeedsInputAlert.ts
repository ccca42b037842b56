import type { LiveSession } from '@amiga/protocol';
import { useEffect, useRef } from 'react';
import { newlyWaiting, sessionLabel, titleWith } from '../lib/live-sessions';

/**
 * When a session starts needing input: a browser notification (when the user has granted
 * permission, as for the budget alert), once per wait. The page title shows how many wait.
 */
export function useNeedsInputAlert(sessions: readonly LiveSession[] | undefined): void {
  const waiting = useRef<Set<string> | null>(null);
  const baseTitle = useRef<string | null>(null);
  useEffect(() => {
    if (!sessions) return;
    baseTitle.current ??= document.title;
    const now = sessions.filter((x) => x.state === 'needs_input');
    // The first snapshot only sets what is known: a reload does not notify again.
    if (waiting.current !== null && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      for (const s of newlyWaiting(waiting.current, sessions)) {
        new Notification(`AMIGA Monitor: ${sessionLabel(s)} needs your input`, { body: s.message ?? `${s.agent} is waiting for you`, tag: `amiga-needs-input-${s.session_id}` });
      }
    }
    waiting.current = new Set(now.map((x) => x.session_id));
    document.title = titleWith(now.length, baseTitle.current);
  }, [sessions]);
  useEffect(
    () => () => {
      if (baseTitle.current !== null) document.title = baseTitle.current;
    },
    [],
  );
}
