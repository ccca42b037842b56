/** One session's update from a batch (see SessionFold). `modelTs` is the time of the request that named `model`. */
export interface SessionUpdate {
  id: string;
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

  add(id: string, project: string | null, model: string | null, ts: number): void {
    const r = this.#rows.get(id);
    if (!r) {
      this.#rows.set(id, { id, project, model, modelTs: model === null ? -Infinity : ts, first: ts, last: ts });
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
