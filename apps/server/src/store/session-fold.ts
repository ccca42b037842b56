/** One session's update from a batch (see SessionFold). `modelTs` is the time of the request that named `model`. */
export interface SessionUpdate {
  id: string;
  /** The agent and machine of the session's first event in the batch (a stored session keeps its own). */
  agent: string;
  machine: string;
  project: string | null;
  model: string | null;
  modelTs: number;
  first: number;
  last: number;
}

/**
 * A batch's session updates folded into one row per session (first and last
 * seen, the first project named, the model of the latest request), so a batch
 * of thousands of events makes one upsert per session, not one per event.
 */
export class SessionFold {
  readonly #rows = new Map<string, SessionUpdate>();

  add(id: string, project: string | null, model: string | null, ts: number, agent: string, machine: string): void {
    const r = this.#rows.get(id);
    if (!r) {
      this.#rows.set(id, { id, agent, machine, project, model, modelTs: model === null ? -Infinity : ts, first: ts, last: ts });
      return;
    }
    r.project ??= project;
    if (model !== null && ts >= r.last) {
      r.model = model;
      r.modelTs = ts;
    }
    r.first = Math.min(r.first, ts);
    r.last = Math.max(r.last, ts);
  }

  rows(): IterableIterator<SessionUpdate> {
    return this.#rows.values();
  }
}

/** When a batch heard from one (agent, machine) pair: its first and last event. */
export interface ScopeUpdate {
  agent: string;
  machine: string;
  first: number;
  last: number;
}

/** The (agent, machine) pairs of a batch's events, one row each, sorted (the order every store writes them in). */
export function foldScopes(events: Iterable<{ ts: number; agent: string; machine?: string }>): ScopeUpdate[] {
  const rows = new Map<string, ScopeUpdate>();
  for (const e of events) {
    const machine = e.machine ?? '';
    const id = `${e.agent}\u0000${machine}`;
    const r = rows.get(id);
    if (!r) rows.set(id, { agent: e.agent, machine, first: e.ts, last: e.ts });
    else {
      r.first = Math.min(r.first, e.ts);
      r.last = Math.max(r.last, e.ts);
    }
  }
  return [...rows.values()].sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : a.machine < b.machine ? -1 : a.machine > b.machine ? 1 : 0));
}
