import { describe, expect, it } from 'vitest';
import { sessionPath, sessionQuery, sessionsQuery } from './sessions-api.js';

describe('sessionsQuery', () => {
  it('gives the defaults, takes the first of a repeated parameter, and reads numbers', () => {
    expect(sessionsQuery.parse({})).toEqual({ sort: 'last_seen', order: 'desc', limit: 50 });
    expect(sessionsQuery.parse({ limit: ['500', '2'], from: '10', agent: '', sort: 'cost' })).toEqual({ sort: 'cost', order: 'desc', limit: 500, from: 10 });
  });

  it('names the field of a bad value', () => {
    const field = (q: Record<string, unknown>) => sessionsQuery.safeParse(q).error?.issues[0]?.path;
    expect(field({ limit: '0' })).toEqual(['limit']);
    expect(field({ limit: 'many' })).toEqual(['limit']);
    expect(field({ state: 'asleep' })).toEqual(['state']);
    expect(field({ sort: 'name' })).toEqual(['sort']);
    expect(field({ to: 'now' })).toEqual(['to']);
    expect(field({ cursor: 'a b' })).toEqual(['cursor']);
    expect(sessionQuery.safeParse({ limit: '1001' }).error?.issues[0]?.path).toEqual(['limit']);
  });

  it('builds a session path with its id encoded', () => {
    expect(sessionPath('a/b c')).toBe('/api/sessions/a%2Fb%20c');
  });
});
