import type { EventOf } from './event.js';
import { byKey } from './order.js';

/** A task row, as stored and as a batch's events of one task fold into. */
export interface TaskRow {
  id: string;
  /** The agent and machine of the task's first event (kept by later ones). */
  agent: string;
  machine: string;
  status: EventOf<'task'>['status'];
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

/** The row one task event alone makes. */
export function taskRow(e: EventOf<'task'>): TaskRow {
  return {
    id: e.id,
    agent: e.agent,
    machine: e.machine ?? '',
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
}

/**
 * The task rules, the only copy: a row updated by a later one. The status of the latest
 * update wins (ties: the later one), other fields keep the last value given, times widen.
 * The rules are associative, so a batch's events of one task can be folded first and the
 * fold applied to the stored row, with the result of applying them one by one.
 */
export function foldTask(old: TaskRow, next: TaskRow): TaskRow {
  return {
    id: old.id,
    agent: old.agent,
    machine: old.machine,
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

/** A batch's task events folded into one row per task, sorted by id (the order task rows are locked in). */
export function foldTasks(events: Iterable<EventOf<'task'>>): TaskRow[] {
  const rows = new Map<string, TaskRow>();
  for (const e of events) {
    const next = taskRow(e);
    const old = rows.get(e.id);
    rows.set(e.id, old ? foldTask(old, next) : next);
  }
  return [...rows.values()].sort((a, b) => byKey(a.id, b.id));
}

/** A task linked to an agent session (table `task_sessions`; issue 17 §3). */
export interface TaskSessionLink {
  taskId: string;
  sessionId: string;
}

/** The links a batch's task events name, once each, sorted by task then session (links are only ever added). */
export function taskSessionLinks(events: Iterable<EventOf<'task'>>): TaskSessionLink[] {
  const links = new Map<string, TaskSessionLink>();
  for (const e of events) {
    for (const sessionId of e.sessionIds ?? []) links.set(JSON.stringify([e.id, sessionId]), { taskId: e.id, sessionId });
  }
  return [...links.values()].sort((a, b) => byKey(a.taskId, b.taskId) || byKey(a.sessionId, b.sessionId));
}

/** The task columns as a TaskRow's fields, for reading stored rows. */
export const TASK_ROW_COLUMNS = `id, agent, machine, status, description, model, cost_usd AS "costUsd", error, created_at AS "createdAt", updated_at AS "updatedAt",
  started_at AS "startedAt", ended_at AS "endedAt"`;
