import { describe, expect, it } from 'vitest';
import { grants, requestToken, tokenMatches } from './token.js';

describe('tokens', () => {
  it('match only the exact token', () => {
    expect(tokenMatches('s3cret', 's3cret')).toBe(true);
    expect(tokenMatches('s3cre', 's3cret')).toBe(false);
    expect(tokenMatches('s3cret ', 's3cret')).toBe(false);
    expect(tokenMatches('', 's3cret')).toBe(false);
    expect(tokenMatches(undefined, 's3cret')).toBe(false);
    expect(tokenMatches(['s3cret'], 's3cret')).toBe(false);
    expect(tokenMatches('x'.repeat(5000), 'x'.repeat(5000))).toBe(false);
  });

  it('are read from a Bearer header or the token query parameter', () => {
    expect(requestToken({ authorization: 'Bearer abc' }, {})).toBe('abc');
    expect(requestToken({ authorization: 'bearer  abc ' }, {})).toBe('abc');
    expect(requestToken({}, { token: 'q' })).toBe('q');
    expect(requestToken({ authorization: 'Basic abc' }, {})).toBeUndefined();
    expect(requestToken({}, { token: ['a', 'b'] })).toBeUndefined();
  });

  it('separate readers from writers when an ingest token is set', () => {
    const tokens = { token: 'viewer', ingestToken: 'producer' };
    expect(grants(tokens, 'viewer', 'read')).toBe(true);
    expect(grants(tokens, 'viewer', 'write')).toBe(false);
    expect(grants(tokens, 'producer', 'write')).toBe(true);
    expect(grants(tokens, 'producer', 'read')).toBe(false);
    expect(grants({}, undefined, 'write')).toBe(true);
    expect(grants({ token: 'both' }, 'both', 'write')).toBe(true);
    expect(grants({ token: 'both' }, undefined, 'read')).toBe(false);
  });
});
