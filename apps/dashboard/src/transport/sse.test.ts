import { describe, expect, it } from 'vitest';
import { streamUrl } from './sse';

describe('streamUrl', () => {
  it('builds the stream address from the protocol path, with the token only when there is one', () => {
    expect(streamUrl({ hours: 6, interval: 2 })).toBe('/api/stream/metrics?hours=6&interval=2');
    expect(streamUrl({ hours: 6, interval: 5 }, '')).toBe('/api/stream/metrics?hours=6&interval=5');
    expect(streamUrl({ hours: 1, interval: 2 }, 'a/b c')).toBe('/api/stream/metrics?hours=1&interval=2&token=a%2Fb%20c');
  });
});
