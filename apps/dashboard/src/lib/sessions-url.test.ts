import { describe, expect, it } from 'vitest';
import { apiUrl, API_PATHS, sessionsQuery } from '@amiga/protocol';
import {
  describeFilters,
  NO_FILTERS,
  nextSessionSort,
  parseSessionFilters,
  sessionFiltersSearch,
  sessionsApiQuery,
} from './sessions-url';
import { sessionIdOfPath, sessionPagePath } from './session-path';

describe('session filters in the URL', () => {
  it('reads every filter and writes it back the same', () => {
    const search = '?agent=claude-code&machine=Box-1&project=%2Fhome%2Fa+b&model=claude-opus-4&q=fix&from=100&to=200&state=needs_input&sort=cost&order=asc&limit=5';
    const f = parseSessionFilters(search);
    expect(f).toEqual({
      agent: 'claude-code',
      machine: 'Box-1',
      project: '/home/a b',
      model: 'claude-opus-4',
      q: 'fix',
      from: 100,
      to: 200,
      state: 'needs_input',
      sort: 'cost',
      order: 'asc',
      limit: 5,
    });
    expect(parseSessionFilters(sessionFiltersSearch(f))).toEqual(f);
  });

  it('drops malformed values to the defaults', () => {
    expect(parseSessionFilters('?agent=BAD%20NAME&machine=a/b&from=-3&to=x&state=asleep&sort=name&order=up&limit=501&q=%20')).toEqual(NO_FILTERS);
    expect(parseSessionFilters('?limit=2.5').limit).toBeNull();
    expect(parseSessionFilters('')).toEqual(NO_FILTERS);
  });

  it('leaves defaults out of the address', () => {
    expect(sessionFiltersSearch(NO_FILTERS)).toBe('');
    expect(sessionFiltersSearch({ ...NO_FILTERS, agent: 'codex', sort: 'tokens' })).toBe('?agent=codex&sort=tokens');
  });

  it('builds an API query the protocol accepts', () => {
    const f = parseSessionFilters('?agent=codex&q=a&from=10&state=idle&sort=duration&limit=3');
    const url = apiUrl(API_PATHS.sessions, sessionsApiQuery(f, 'abc_-1'));
    expect(url).toBe('/api/sessions?agent=codex&q=a&from=10&state=idle&sort=duration&order=desc&limit=3&cursor=abc_-1');
    const parsed = sessionsQuery.safeParse(Object.fromEntries(new URL(url, 'http://x').searchParams));
    expect(parsed.success).toBe(true);
    expect(apiUrl(API_PATHS.sessions, sessionsApiQuery(NO_FILTERS))).toBe('/api/sessions?sort=last_seen&order=desc');
  });

  it('flips the order of the sorted column, starts another descending', () => {
    const f = { ...NO_FILTERS, sort: 'cost' as const };
    expect(nextSessionSort(f, 'cost')).toMatchObject({ sort: 'cost', order: 'asc' });
    expect(nextSessionSort({ ...f, order: 'asc' }, 'requests')).toMatchObject({ sort: 'requests', order: 'desc' });
  });

  it('says what the list shows', () => {
    expect(describeFilters(NO_FILTERS, 1, false)).toBe('1 session, sorted by last seen descending');
    expect(describeFilters({ ...NO_FILTERS, agent: 'codex', q: 'x', state: 'needs_input' }, 5, true)).toBe(
      '5+ sessions, agent codex, matching “x”, state needs input, sorted by last seen descending',
    );
  });
});

describe('session page paths', () => {
  it('round-trips an id with a slash, spaces and non-ASCII text', () => {
    const id = 'a/b c—é?#';
    expect(sessionIdOfPath(sessionPagePath(id))).toBe(id);
    expect(sessionIdOfPath('/sessions')).toBeNull();
    expect(sessionIdOfPath('/sessions/')).toBeNull();
    expect(sessionIdOfPath('/sessions/x/y')).toBeNull();
    expect(sessionIdOfPath('/sessions/%E0%A4%A')).toBeNull();
    expect(sessionIdOfPath('/sessions/abc/')).toBe('abc');
  });
});
