import { sessionStateEvents } from '../live/session-events.js';
import type { StoredEvent } from '../store/event.js';
import type { LiveChange } from '../store/live.js';
import type { MonitorNamespace } from './types.js';

/** Most activity lines pushed for one commit (a transcript scan commits thousands at once); the newest are kept. */
export const ACTIVITY_EVENTS_PER_COMMIT = 50;

/**
 * Pushes committed events to the rooms that asked for them, at once: each task
 * change as `task_update` to `tasks`, each activity line as `activity_event` to
 * `activity`, each live session's change of state as `session_state` to `sessions`. A room nobody joined costs nothing (not even an encode). In a cluster
 * the node that committed the events emits them, and the adapter carries them to the
 * room's members on every node (each event crosses Redis once per path and namespace, whatever the audience).
 */
export function publishLiveEvents(
  namespaces: readonly MonitorNamespace[],
  events: readonly StoredEvent[],
  clustered = false,
  live: readonly LiveChange[] = [],
): void {
  const states = live.length > 0 ? sessionStateEvents(live) : [];
  for (const nsp of namespaces) {
    if (states.length > 0 && (clustered || hasMembers(nsp, 'sessions'))) {
      for (const state of states) nsp.to('sessions').emit('session_state', state);
    }
    // In a cluster the room's members may be on other nodes, which this node cannot see.
    if (clustered || hasMembers(nsp, 'tasks')) {
      for (const e of events) {
        if (e.type !== 'task') continue;
        nsp.to('tasks').emit('task_update', {
          id: e.id,
          status: e.status,
          description: e.taskDescription,
          model: e.model,
          cost_usd: e.costUsd,
          timestamp: e.ts,
        });
      }
    }
    if (clustered || hasMembers(nsp, 'activity')) {
      for (const e of events.slice(-ACTIVITY_EVENTS_PER_COMMIT)) {
        nsp.to('activity').emit('activity_event', {
          description: e.description,
          timestamp: e.ts,
          type: e.type === 'api_error' ? 'activity' : e.type,
        });
      }
    }
  }
}

function hasMembers(nsp: MonitorNamespace, room: string): boolean {
  return (nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
}
