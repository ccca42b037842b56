import { agentId, machineName } from '@amiga/protocol';
import { describe, expect, it } from 'vitest';
import { isAgentName, isMachineName, NO_SCOPE, parseScope, sameScope, scopeOfWindow, scopeParams, withScope } from './scope-url';

describe('parseScope', () => {
  it('reads ?agent= and ?machine=', () => {
    expect(parseScope('?agent=codex&machine=build-01.lan')).toEqual({ agent: 'codex', machine: 'build-01.lan' });
    expect(parseScope('?machine=Laptop_2')).toEqual({ agent: null, machine: 'Laptop_2' });
    expect(parseScope('agent=gemini-cli')).toEqual({ agent: 'gemini-cli', machine: null });
  });

  it('treats missing, empty and malformed values as no filter', () => {
    expect(parseScope('')).toEqual(NO_SCOPE);
    expect(parseScope('?agent=&machine=')).toEqual(NO_SCOPE);
    expect(parseScope('?agent=Codex')).toEqual(NO_SCOPE); // agents are lower case
    expect(parseScope('?agent=a%20b&machine=a/b')).toEqual(NO_SCOPE);
    expect(parseScope(`?agent=${'a'.repeat(65)}&machine=${'m'.repeat(129)}`)).toEqual(NO_SCOPE);
    expect(parseScope('?agent=%3Cscript%3E')).toEqual(NO_SCOPE);
  });

  it('takes the first of repeated parameters', () => {
    expect(parseScope('?agent=codex&agent=claude-code').agent).toBe('codex');
  });
});

describe('name rules', () => {
  const samples = [
    '',
    'a',
    'claude-code',
    'gemini-cli',
    'codex',
    'x.y_z-0',
    'Codex',
    'UPPER',
    'host.Example-01',
    'a b',
    'a/b',
    'é',
    'a\n',
    '-',
    '.',
    'a'.repeat(64),
    'a'.repeat(65),
    'M'.repeat(128),
    'M'.repeat(129),
  ];
  it('agree with the protocol schemas (agentId, machineName)', () => {
    for (const s of samples) {
      expect(isAgentName(s), `agent ${JSON.stringify(s)}`).toBe(agentId.safeParse(s).success);
      expect(isMachineName(s), `machine ${JSON.stringify(s)}`).toBe(machineName.safeParse(s).success);
    }
    expect(isAgentName(undefined)).toBe(false);
    expect(isMachineName(42)).toBe(false);
  });
});

describe('withScope', () => {
  it('sets and removes the filter, keeping the other parameters and the hash', () => {
    const base = 'http://h:3000/?transport=sse#top';
    const one = withScope(base, { agent: 'codex', machine: null });
    expect(one).toBe('http://h:3000/?transport=sse&agent=codex#top');
    const both = withScope(one, { agent: 'codex', machine: 'box-a' });
    expect(new URL(both).searchParams.get('machine')).toBe('box-a');
    expect(parseScope(new URL(both).search)).toEqual({ agent: 'codex', machine: 'box-a' });
    expect(withScope(both, NO_SCOPE)).toBe('http://h:3000/?transport=sse#top');
  });

  it('returns the address unchanged when the filter is already there', () => {
    const href = 'http://h/?agent=codex';
    expect(withScope(href, { agent: 'codex', machine: null })).toBe(href);
    expect(withScope('http://h/', NO_SCOPE)).toBe('http://h/');
  });
});

describe('scope helpers', () => {
  it('compare, read a snapshot window, and build apiUrl parameters', () => {
    expect(sameScope({ agent: 'a', machine: null }, { agent: 'a', machine: null })).toBe(true);
    expect(sameScope({ agent: 'a', machine: null }, { agent: 'a', machine: 'm' })).toBe(false);
    expect(scopeOfWindow({})).toEqual(NO_SCOPE);
    expect(scopeOfWindow({ agent: 'codex', machine: '' })).toEqual({ agent: 'codex', machine: null });
    expect(scopeParams(NO_SCOPE)).toEqual({});
    expect(scopeParams({ agent: 'codex', machine: 'm' })).toEqual({ agent: 'codex', machine: 'm' });
  });
});
