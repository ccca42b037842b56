import { describe, expect, it } from 'vitest';
import { subscribeTopicsPayload, topicUpdatePayload, unsubscribeTopicsPayload } from './topics.js';

describe('topic schemas', () => {
  it('accept known topics and refuse unknown ones by name', () => {
    expect(subscribeTopicsPayload.safeParse({ topics: ['costs', 'tools'], hours: 6 }).success).toBe(true);
    const bad = subscribeTopicsPayload.safeParse({ topics: ['costs', 'weather'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/must be one of tasks, costs/);
    expect(subscribeTopicsPayload.safeParse({ topics: [] }).success).toBe(false);
    expect(subscribeTopicsPayload.safeParse(undefined).success).toBe(false);
    expect(unsubscribeTopicsPayload.safeParse(undefined).success).toBe(true);
    expect(unsubscribeTopicsPayload.safeParse({ topics: ['series'] }).success).toBe(true);
  });

  it('check each update against its own topic', () => {
    const tools = { total_calls: 3, by_type: { Read: 3 }, failed_calls: 0 };
    expect(topicUpdatePayload.safeParse({ topic: 'tools', data: tools, seq: 4, timestamp: 1 }).success).toBe(true);
    expect(topicUpdatePayload.safeParse({ topic: 'activity', data: tools, seq: 4, timestamp: 1 }).success).toBe(false);
  });
});
