import { describe, expect, it } from 'vitest';
import { scopeDetails, scopeKey, scopePhrase } from './scope.js';

describe('rule scopes', () => {
  it('keys an instance by the filters given, `all` without one', () => {
    expect(scopeKey({})).toBe('all');
    expect(scopeKey({ project: 'api' })).toBe('project:api');
    expect(scopeKey({ machine: 'm', agent: 'codex', project: 'api' })).toBe('project:api,agent:codex,machine:m');
  });

  it('words a title', () => {
    expect(scopePhrase({}, 'of')).toBe('');
    expect(scopePhrase({ project: 'api' }, 'of')).toBe('of api');
    expect(scopePhrase({ agent: 'codex', project: 'api', machine: 'm' }, 'of')).toBe('of codex in api on m');
    expect(scopePhrase({ machine: 'm' }, 'from')).toBe('on m');
    expect(scopePhrase({ agent: 'codex' }, 'from')).toBe('from codex');
  });

  it('lists the filters as details', () => {
    expect(scopeDetails({ agent: 'codex', machine: 'm' })).toEqual([['Agent', 'codex'], ['Machine', 'm']]);
  });
});
