import { describe, expect, it } from 'vitest';
import { API_PATHS, apiUrl, historyQuery, hoursQuery, streamQuery } from './routes.js';

describe('apiUrl', () => {
  it('keeps the order of the parameters, encodes them and leaves out null and undefined', () => {
    expect(apiUrl(API_PATHS.metricsStream, { hours: 6, interval: 2, token: null })).toBe('/api/stream/metrics?hours=6&interval=2');
    expect(apiUrl(API_PATHS.metricsStream, { hours: 6, interval: 2, token: 'a b&c' })).toBe('/api/stream/metrics?hours=6&interval=2&token=a%20b%26c');
    expect(apiUrl(API_PATHS.metricsHistory, { from: 10, to: 20, bucket: 60 })).toBe('/api/metrics/history?from=10&to=20&bucket=60');
    expect(apiUrl(API_PATHS.sources)).toBe('/api/sources');
    // @ts-expect-error: `hours` is not a parameter of /api/tasks
    apiUrl(API_PATHS.tasks, { hours: 1 });
  });
});

describe('query schemas', () => {
  it('clamp hours and intervals, take the first of a repeated parameter, and name a non-number', () => {
    expect(hoursQuery.parse({})).toEqual({ hours: 24 });
    expect(hoursQuery.parse({ hours: ['9999', '2'] })).toEqual({ hours: 168 });
    expect(streamQuery.parse({ hours: '1', interval: '0' })).toEqual({ hours: 1, interval: 1 });
    expect(hoursQuery.safeParse({ hours: 'lots' }).error?.issues[0]?.message).toBe('hours must be a number');
  });

  it('read a history request from a query string', () => {
    expect(historyQuery.parse({ from: '0', to: '3600', bucket: '60' })).toEqual({ from: 0, to: 3600, bucket: 60 });
    expect(historyQuery.safeParse({ from: 'abc', to: '1', bucket: '60' }).error?.issues[0]?.path).toEqual(['from']);
  });
});
