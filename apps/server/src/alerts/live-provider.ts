import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import type { LiveSessionsProvider } from './inputs.js';

/** How far back a waiting session is looked for: a day (a session waiting longer is still listed while its last event is that recent). */
const WAITING_LOOKBACK_SECONDS = 86_400;

/**
 * The sessions waiting for their user, from the live state the hooks keep in the store (issue 15),
 * for the `needs_input_for` condition: every node reads the same rows, so the sending node sees
 * sessions whose hooks reached another node.
 */
export function liveSessionsProvider(store: Pick<Store, 'readLive'>, clock: Clock): LiveSessionsProvider | undefined {
  const readLive = store.readLive?.bind(store);
  if (!readLive) return undefined;
  return {
    async waitingSessions() {
      const now = clock.now();
      const list = await readLive({ since: now - WAITING_LOOKBACK_SECONDS, endedSince: now, limit: 500 });
      return list.sessions
        .filter((s) => s.state === 'needs_input')
        .map((s) => ({ sessionId: s.sessionId, waitingSince: s.since, agent: s.agent, project: s.project, reason: s.message }));
    },
  };
}
