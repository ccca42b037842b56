import { describe, expect, it } from 'vitest';
import { NOW, request, task, tool } from '../test-support/store-contract.js';
import { batchIds, planBatch, type BatchClaims } from './batch-plan.js';
import type { StoredEvent } from './event.js';
import type { RequestRow } from './request-merge.js';

/** Claims as a store with nothing stored makes them: every id is fresh. */
const fresh = (events: readonly StoredEvent[], o: Partial<BatchClaims> = {}): BatchClaims => {
  const ids = batchIds(events);
  return { freshRequests: ids.requestIds, freshKeys: ids.keys, storedRequests: new Map(), storedTasks: new Map(), ...o };
};

describe('planBatch', () => {
  it('counts an id seen before, or twice in the batch, as a duplicate', () => {
    const events = [request({ requestId: 'a' }), request({ requestId: 'a' }), request({ requestId: 'b' }), tool({ callId: 'c' }), tool({ callId: 'c' })];
    const plan = planBatch(events, fresh(events, { freshRequests: new Set(['a']) }));
    expect(plan.result).toEqual({ stored: 2, duplicates: 3 });
    expect(plan.kept).toEqual([events[0], events[3]]);
    expect(plan.eventRows).toHaveLength(2);
  });

  it('merges repeats of a mergeMax request into its largest totals, on the row of its first report', () => {
    const first = request({ requestId: 'm', mergeMax: true, outputTokens: 10, description: 'first' });
    const grown = request({ requestId: 'm', mergeMax: true, outputTokens: 30, description: 'grown' });
    const smaller = request({ requestId: 'm', mergeMax: true, outputTokens: 20, description: 'smaller' });
    const plan = planBatch([first, grown, smaller], fresh([first]));
    expect(plan.result).toEqual({ stored: 1, duplicates: 1, merged: 1 });
    expect(plan.createdRequests).toEqual([{ row: expect.objectContaining({ key: 'm', output_tokens: 30 }), eventIndex: 0 }]);
    expect(plan.eventRows[0]?.description).toBe('grown');
    expect(plan.rollups.minute.find((r) => r.dim === 'm')).toMatchObject({ requests: 1, outputTokens: 30 });
  });

  it('grows a stored request by the difference only, and shows the larger report on its event', () => {
    const stored: RequestRow = { key: 'm', event_id: 7, ts: NOW - 60, model: 'model-a', session_id: null, agent: 'unknown', machine: 'm1', input_tokens: 100, output_tokens: 10, cache_creation_tokens: 0, cache_read_tokens: 0, reasoning_tokens: 0, cost_usd: 0.5 };
    const repeat = request({ requestId: 'm', mergeMax: true, outputTokens: 25, description: 'later' });
    const plan = planBatch([repeat], fresh([repeat], { storedRequests: new Map([['m', stored]]) }));
    expect(plan.kept).toEqual([]);
    expect(plan.grownRequests).toEqual([{ ...stored, output_tokens: 25 }]);
    expect(plan.eventUpdates).toEqual([{ id: 7, description: 'later', data: JSON.stringify(repeat) }]);
    expect(plan.rollups.minute.find((r) => r.dim === 'm')).toMatchObject({ requests: 0, outputTokens: 15 });
  });

  it('folds a batch of task events into the stored row by the task rules', () => {
    const events = [task('t', 'completed', NOW - 10, { costUsd: 2 }), task('t', 'running', NOW - 20)];
    const storedTasks = new Map([
      ['t', { id: 't', agent: 'unknown', machine: '', status: 'pending' as const, description: 'kept', model: null, costUsd: null, error: null, createdAt: NOW - 100, updatedAt: NOW - 100, startedAt: null, endedAt: null }],
    ]);
    const plan = planBatch(events, fresh(events, { storedTasks }));
    expect(plan.tasks).toEqual([
      { stored: true, row: { id: 't', agent: 'unknown', machine: '', status: 'completed', description: 'kept', model: null, costUsd: 2, error: null, createdAt: NOW - 100, updatedAt: NOW - 10, startedAt: NOW - 20, endedAt: NOW - 10 } },
    ]);
  });
});
