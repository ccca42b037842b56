import { describe, expect, it } from 'vitest';
import { DETAIL_LIMIT, describeEvent } from './describe';

describe('describeEvent', () => {
  it('summarises snapshots, deltas, history chunks and topic updates', () => {
    const snapshot = { window: { hours: 6 }, overview: { claude_api: { total_requests: 3 }, costs: { total_cost: 1.5 } } };
    expect(describeEvent('metrics_update', snapshot)).toBe('window 6h · 3 requests · $1.50');
    expect(describeEvent('metrics_update', { ...snapshot, seq: 9 })).toBe('window 6h · 3 requests · $1.50 · seq 9');
    expect(describeEvent('metrics_delta', { seq: 5, base_seq: 4, set: { '/timestamp': 1, '/activity': [] }, remove: ['/x'] })).toBe(
      'seq 5 ← 4 · 2 set, 1 removed · /timestamp /activity',
    );
    expect(describeEvent('history_chunk', { request_id: 'h1', seq: 2, points: [{}, {}], done: true })).toBe('h1 · chunk 2 · 2 points · done');
    expect(describeEvent('topic_update', { topic: 'costs', seq: 3, data: {}, timestamp: 1 })).toBe('costs · seq 3');
  });

  it('shows other payloads as JSON, cut to a readable length', () => {
    expect(describeEvent('room', { room: 'tasks', joined: true })).toBe('{"room":"tasks","joined":true}');
    expect(describeEvent('x', undefined)).toBe('');
    expect(describeEvent('x', 'text')).toBe('"text"');
    const long = describeEvent('x', { a: 'y'.repeat(1000) });
    expect(long.length).toBe(DETAIL_LIMIT + 1);
    expect(long.endsWith('…')).toBe(true);
  });
});
