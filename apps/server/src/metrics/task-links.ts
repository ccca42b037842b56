import type { TaskSummary } from '@amiga/protocol';
import type { Store } from '../store/store.js';

/** Rounds a USD amount as the snapshot's other costs are (a millionth of a dollar). */
const roundUsd = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The snapshot's recent tasks with their linked sessions (issue 17 §3), read in one query for
 * all of them: `session_ids`, and `measured_cost_usd`, the cost of those sessions (null when
 * none is linked). A store without links leaves the tasks as they are.
 */
export async function withTaskLinks(store: Store, tasks: readonly TaskSummary[]): Promise<TaskSummary[]> {
  if (!store.readTaskLinks || tasks.length === 0) return [...tasks];
  const links = await store.readTaskLinks(tasks.map((t) => t.id));
  return tasks.map((t) => {
    const l = links.get(t.id);
    return { ...t, measured_cost_usd: l ? roundUsd(l.costUsd) : null, session_ids: l ? l.sessionIds : [] };
  });
}
