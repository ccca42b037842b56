import { describe, expect, it } from 'vitest';
import { requestRefreshPayload, setIntervalPayload, subscribePayload } from './client-events.js';
import { clamp } from './limits.js';

describe('client event schemas', () => {
  it('make the payloads that the v1 contract made optional optional', () => {
    expect(subscribePayload.safeParse(undefined).success).toBe(true);
    expect(subscribePayload.safeParse(null).success).toBe(true);
    expect(requestRefreshPayload.safeParse(undefined).success).toBe(true);
    expect(subscribePayload.safeParse({ hours: 500, update_interval: 0 }).success).toBe(true);
  });

  it('refuse payloads of the wrong type', () => {
    expect(subscribePayload.safeParse('24').success).toBe(false);
    expect(subscribePayload.safeParse({ hours: 'soon' }).success).toBe(false);
    expect(setIntervalPayload.safeParse({ interval: 'soon' }).success).toBe(false);
    expect(setIntervalPayload.safeParse(undefined).success).toBe(false);
    expect(setIntervalPayload.safeParse([5]).success).toBe(false);
  });

  it('clamp truncates and bounds', () => {
    expect(clamp(500, 1, 168)).toBe(168);
    expect(clamp(0, 1, 60)).toBe(1);
    expect(clamp(-3, 1, 60)).toBe(1);
    expect(clamp(5.9, 1, 60)).toBe(5);
    expect(clamp(1e308, 1, 168)).toBe(168);
  });
});
