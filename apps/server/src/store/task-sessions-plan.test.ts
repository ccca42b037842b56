import { describe, expect, it } from 'vitest';
import { NOW, task } from '../test-support/store-contract.js';
import { batchIds, planBatch } from './batch-plan.js';

describe('the batch plan of task–session links', () => {
  it('plans each link once, sorted by task then session; a task event without links adds none', () => {
    const events = [
      task('t2', 'running', NOW - 10, { sessionIds: ['s9', 's1'] }),
      task('t1', 'running', NOW - 9, { sessionIds: ['s5'] }),
      task('t2', 'completed', NOW - 8, { sessionIds: ['s1'] }),
      task('t3', 'pending', NOW - 7),
    ];
    const ids = batchIds(events);
    const plan = planBatch(events, { freshRequests: ids.requestIds, freshKeys: ids.keys, storedRequests: new Map(), storedTasks: new Map() });
    expect(plan.taskSessions).toEqual([
      { taskId: 't1', sessionId: 's5' },
      { taskId: 't2', sessionId: 's1' },
      { taskId: 't2', sessionId: 's9' },
    ]);
    expect(plan.tasks.map((t) => t.row.id)).toEqual(['t1', 't2', 't3']);
  });
});
