import { callRow, fillCall, type CallRow } from './call-merge.js';
import type { EventOf, StoredEvent } from './event.js';
import { byKey } from './order.js';
import { grownRow, mergeRequest, requestRow, type RequestRow } from './request-merge.js';
import { foldRollups, HOUR, MINUTE, type FailedCall, type RequestDelta, type RollupRow } from './rollup.js';
import { foldScopes, SessionFold, type ScopeUpdate, type SessionUpdate } from './session-fold.js';
import { foldTask, foldTasks, taskSessionLinks, type TaskRow, type TaskSessionLink } from './task-fold.js';
import type { IngestResult } from './store.js';

/**
 * The write of one batch, planned once for every store: which events are duplicates, how
 * repeats of `mergeMax` requests merge (keeping the largest totals), how tasks and sessions
 * fold, and what the rollups gain. A store claims the batch's ids (see BatchIds), hands
 * what it found to `planBatch`, and runs the plan's SQL. The plan is pure: the same events
 * and claims give the same plan, whatever the store.
 */

export type KeyedRequest = EventOf<'api_request'> & { requestId: string };

/** What a batch must claim before it is planned. */
export interface BatchIds {
  /** Ids of requests counted once (those without `mergeMax`). */
  requestIds: Set<string>;
  /** Ids of tool calls and API errors, as `seenKey` names them. */
  keys: Set<string>;
  /** The `keys` of tool calls (a repeat of one may fill in its outcome: see call-merge.ts). */
  callKeys: Set<string>;
  /** The first report of each `mergeMax` request, by request id. */
  firstReports: Map<string, KeyedRequest>;
  /** The batch's task events folded, one row per task, sorted by id (task events are never duplicates). */
  tasks: TaskRow[];
}

/** What the store found when it claimed a batch's ids: the committed state (locked, where nodes share it). */
export interface BatchClaims {
  /** The `requestIds` seen for the first time (claimed by this batch). */
  freshRequests: ReadonlySet<string>;
  /** The `keys` seen for the first time (claimed by this batch). */
  freshKeys: ReadonlySet<string>;
  /** Stored rows of the batch's `mergeMax` requests; a request not in it is created by this batch. */
  storedRequests: ReadonlyMap<string, RequestRow>;
  /** Stored rows of the batch's tasks; a task not in it is new. */
  storedTasks: ReadonlyMap<string, TaskRow>;
  /** Stored outcomes of the batch's tool calls whose key is not fresh (locked, where nodes share them). */
  storedCalls?: ReadonlyMap<string, CallRow>;
}

/** An event row to insert. */
export interface EventRow {
  ts: number;
  agent: string;
  machine: string;
  /** The feed's kind (an API error is shown as an activity line). */
  type: string;
  description: string;
  data: string;
}

export interface BatchPlan {
  result: IngestResult;
  /** The events stored (not duplicates, not merged repeats), in arrival order. */
  kept: StoredEvent[];
  /** New event rows in arrival order (ids are drawn in this order). */
  eventRows: EventRow[];
  /** Requests this batch creates, with their largest totals; `event_id` is that of `eventRows[eventIndex]`. */
  createdRequests: Array<{ row: RequestRow; eventIndex: number }>;
  /** Stored requests whose totals grew. */
  grownRequests: RequestRow[];
  /** Event rows of stored requests that now show a later report, sorted by id. */
  eventUpdates: Array<{ id: number; description: string; data: string }>;
  /** Each task's row after the batch, sorted by id; `stored`: it existed before. */
  tasks: Array<{ row: TaskRow; stored: boolean }>;
  /** Task–session links the batch's task events name, sorted (a store inserts them, ignoring those it has). */
  taskSessions: TaskSessionLink[];
  /** One update per session, sorted by id. */
  sessions: SessionUpdate[];
  /** One update per (agent, machine) pair heard from (new events and merged repeats), sorted. */
  scopes: ScopeUpdate[];
  /** Tool calls this batch counts for the first time, and stored ones whose outcome it filled in, sorted by key. */
  calls: { created: CallRow[]; filled: CallRow[] };
  /** What the batch adds to each rollup, before names are capped. */
  rollups: { minute: RollupRow[]; hour: RollupRow[] };
}

/** The id under which a tool call or API error is counted once, or null when it has none. */
export function seenKey(e: StoredEvent): string | null {
  if (e.type === 'tool_call' && e.callId != null) return `tool:${e.callId}`;
  if (e.type === 'api_error' && e.errorId !== null) return `error:${e.errorId}`;
  return null;
}

export function batchIds(events: readonly StoredEvent[]): BatchIds {
  const ids: BatchIds = { requestIds: new Set(), keys: new Set(), callKeys: new Set(), firstReports: new Map(), tasks: [] };
  const tasks: Array<EventOf<'task'>> = [];
  for (const e of events) {
    if (e.type === 'api_request' && e.requestId !== null) {
      if (!e.mergeMax) ids.requestIds.add(e.requestId);
      else if (!ids.firstReports.has(e.requestId)) ids.firstReports.set(e.requestId, { ...e, requestId: e.requestId });
    } else if (e.type === 'task') tasks.push(e);
    const key = seenKey(e);
    if (key !== null) ids.keys.add(key);
    if (key !== null && e.type === 'tool_call') ids.callKeys.add(key);
  }
  ids.tasks = foldTasks(tasks);
  return ids;
}

interface RequestState {
  row: RequestRow;
  /** Index of its event among the new rows, for a request this batch creates. */
  eventIndex?: number;
  grown: boolean;
}

export function planBatch(events: readonly StoredEvent[], claims: BatchClaims): BatchPlan {
  const freshRequests = new Set(claims.freshRequests);
  const freshKeys = new Set(claims.freshKeys);
  const requests = new Map<string, RequestState>();
  const kept: StoredEvent[] = [];
  const eventRows: EventRow[] = [];
  const deltas: RequestDelta[] = [];
  const sessions = new SessionFold();
  /** Outcomes of keyed tool calls: those this batch creates, and stored ones it read or filled. */
  const calls = new Map<string, { row: CallRow; created: boolean; filled: boolean }>();
  const failures: FailedCall[] = [];
  let filled = 0;
  const taskEvents: Array<EventOf<'task'>> = [];
  /** Merged repeats: not new events, but their machine was heard from. */
  const heard: StoredEvent[] = [];
  /** Description and data of earlier batches' events, by id (a later report overwrites an earlier one). */
  const eventUpdates = new Map<number, { description: string; data: string }>();
  let duplicates = 0;

  for (const e of events) {
    if (e.type === 'api_request' && e.requestId !== null) {
      if (e.mergeMax) {
        let state = requests.get(e.requestId);
        if (!state) {
          const stored = claims.storedRequests.get(e.requestId);
          if (stored) requests.set(e.requestId, (state = { row: stored, grown: false }));
        }
        if (state) {
          const old = state.row;
          const delta = mergeRequest(old, e);
          if (delta === null) duplicates += 1;
          else {
            deltas.push(delta);
            state.row = grownRow(old, e);
            state.grown = true;
            if (e.outputTokens >= old.output_tokens) {
              const shown = { description: e.description, data: JSON.stringify(e) };
              if (state.eventIndex !== undefined) Object.assign(eventRows[state.eventIndex] as EventRow, shown);
              else eventUpdates.set(old.event_id, shown);
            }
            if (e.sessionId !== null) sessions.add(e.sessionId, e.project, e.model, e.ts, e.agent, e.machine ?? '');
            heard.push(e);
          }
          continue;
        }
        // Its first report: the request is created with this event's row.
        requests.set(e.requestId, { row: requestRow({ ...e, requestId: e.requestId }, 0), eventIndex: eventRows.length, grown: false });
      } else if (!freshRequests.delete(e.requestId)) {
        duplicates += 1;
        continue;
      }
    }
    const key = seenKey(e);
    if (key !== null && !freshKeys.delete(key)) {
      const fill = e.type === 'tool_call' ? fillRepeat(key, e) : false;
      if (fill) {
        filled += 1;
        heard.push(e);
      } else duplicates += 1;
      continue;
    }
    if (key !== null && e.type === 'tool_call') calls.set(key, { row: callRow(key, e), created: true, filled: false });
    kept.push(e);
    eventRows.push({ ts: e.ts, agent: e.agent, machine: e.machine ?? '', type: e.type === 'api_error' ? 'activity' : e.type, description: e.description, data: JSON.stringify(e) });
    if (e.type === 'task') taskEvents.push(e);
    else if ((e.type === 'api_request' || e.type === 'tool_call') && e.sessionId !== null) {
      sessions.add(e.sessionId, e.project, e.type === 'api_request' ? e.model : null, e.ts, e.agent, e.machine ?? '');
    }
  }

  /** A repeat of a counted tool call: fills in its outcome (true), or tells nothing new (false: a duplicate). */
  function fillRepeat(key: string, e: EventOf<'tool_call'>): boolean {
    let state = calls.get(key);
    if (!state) {
      const stored = claims.storedCalls?.get(key);
      // A call counted before its outcome was kept (an older database): only a duplicate.
      if (!stored) return false;
      calls.set(key, (state = { row: stored, created: false, filled: false }));
    }
    const next = fillCall(state.row, e);
    if (next === null) return false;
    if (next.failed) failures.push({ ts: state.row.ts, tool: state.row.tool, sessionId: state.row.session_id, agent: e.agent, machine: e.machine ?? '' });
    state.row = next.row;
    state.filled = true;
    return true;
  }

  const createdRequests: BatchPlan['createdRequests'] = [];
  const grownRequests: RequestRow[] = [];
  for (const state of requests.values()) {
    if (state.eventIndex !== undefined) createdRequests.push({ row: state.row, eventIndex: state.eventIndex });
    else if (state.grown) grownRequests.push(state.row);
  }
  grownRequests.sort((a, b) => byKey(a.key, b.key));
  createdRequests.sort((a, b) => byKey(a.row.key, b.row.key));

  const merged = deltas.length + filled;
  const byRowKey = (a: CallRow, b: CallRow) => byKey(a.key, b.key);
  return {
    result: merged > 0 ? { stored: kept.length, duplicates, merged } : { stored: kept.length, duplicates },
    kept,
    eventRows,
    createdRequests,
    grownRequests,
    eventUpdates: [...eventUpdates].sort(([a], [b]) => a - b).map(([id, shown]) => ({ id, ...shown })),
    tasks: foldTasks(taskEvents).map((row) => {
      const stored = claims.storedTasks.get(row.id);
      return stored ? { row: foldTask(stored, row), stored: true } : { row, stored: false };
    }),
    taskSessions: taskSessionLinks(taskEvents),
    sessions: [...sessions.rows()].sort((a, b) => byKey(a.id, b.id)),
    scopes: foldScopes([...kept, ...heard]),
    calls: {
      created: [...calls.values()].filter((c) => c.created).map((c) => c.row).sort(byRowKey),
      filled: [...calls.values()].filter((c) => !c.created && c.filled).map((c) => c.row).sort(byRowKey),
    },
    rollups: { minute: foldRollups(kept, MINUTE, deltas, failures), hour: foldRollups(kept, HOUR, deltas, failures) },
  };
}
