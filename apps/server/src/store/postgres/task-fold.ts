import type { StoredEvent } from '../event.js';
import { byKey } from './pg-values.js';

type TaskEvent = Extract<StoredEvent, { type: 'task' }>;

/** One task's updates from a batch, folded into the row that upserting them one by one would leave. */
export interface TaskUpdate {
  id: string;
  status: TaskEvent['status'];
  description: string | null;
  model: string | null;
  costUsd: number | null;
  error: string | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  endedAt: number | null;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * A multi-row upsert may touch each row once, so a batch's events of one task are
 * folded first, by the same rules the upsert applies to the stored row (and the
 * SQLite store applies event by event): the status of the latest event wins (ties:
 * the later one), other fields keep the last value given, times widen. The rules
 * are associative, so folding then upserting equals upserting one by one.
 */
export class TaskFold {
  readonly #rows = new Map<string, TaskUpdate>();

  add(e: TaskEvent): void {
    const next: TaskUpdate = {
      id: e.id,
      status: e.status,
      description: e.taskDescription,
      model: e.model,
      costUsd: e.costUsd,
      error: e.error,
      createdAt: e.ts,
      updatedAt: e.ts,
      startedAt: e.status === 'running' ? e.ts : null,
      endedAt: e.status === 'completed' || e.status === 'failed' ? e.ts : null,
    };
    const r = this.#rows.get(e.id);
    this.#rows.set(e.id, r ? fold(r, next) : next);
  }

  /** Sorted by id, the order every node locks task rows in. */
  rows(): TaskUpdate[] {
    return [...this.#rows.values()].sort((a, b) => byKey(a.id, b.id));
  }
}

function fold(old: TaskUpdate, next: TaskUpdate): TaskUpdate {
  return {
    id: old.id,
    status: next.updatedAt >= old.updatedAt ? next.status : old.status,
    description: next.description ?? old.description,
    model: next.model ?? old.model,
    costUsd: next.costUsd ?? old.costUsd,
    error: next.error ?? old.error,
    createdAt: Math.min(old.createdAt, next.createdAt),
    updatedAt: Math.max(old.updatedAt, next.updatedAt),
    startedAt: minOf(old.startedAt, next.startedAt),
    endedAt: maxOf(old.endedAt, next.endedAt),
  };
}
