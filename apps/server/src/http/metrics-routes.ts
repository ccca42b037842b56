import type { HoursQuery, MetricsSnapshot } from '@amiga/protocol';
import type { Broadcaster } from '../broadcaster/broadcaster.js';
import type { Handler } from './route.js';

/**
 * `GET /api/metrics/overview` (`pick` the `overview` object) and `GET /api/metrics/snapshot`
 * (the whole snapshot), `?hours=N&agent=ID&machine=NAME` (`hoursQuery`).
 */
export function snapshotHandler(broadcaster: Broadcaster, pick: (s: MetricsSnapshot) => unknown): Handler<HoursQuery> {
  return async (_req, res, { query }) => {
    res.json(pick((await broadcaster.current(query.hours, undefined, { agent: query.agent, machine: query.machine })).snapshot));
  };
}
