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
    expect(grants(tokens, 'viewer', 'ingest')).toBe(false);
    expect(grants(tokens, 'producer', 'ingest')).toBe(true);
    expect(grants(tokens, 'producer', 'read')).toBe(false);
    expect(grants({}, undefined, 'ingest')).toBe(true);
    expect(grants({ token: 'both' }, 'both', 'ingest')).toBe(true);
    expect(grants({ token: 'both' }, undefined, 'read')).toBe(false);
  });

  it('open admin routes with the read token, or only with the admin token once it is set', () => {
    expect(grants({ token: 'viewer' }, 'viewer', 'admin')).toBe(true);
    expect(grants({ token: 'viewer' }, undefined, 'admin')).toBe(false);
    const tokens = { token: 'viewer', ingestToken: 'producer', adminToken: 'operator' };
    expect(grants(tokens, 'viewer', 'admin')).toBe(false);
    expect(grants(tokens, 'producer', 'admin')).toBe(false);
    expect(grants(tokens, 'operator', 'admin')).toBe(true);
    expect(grants(tokens, 'operator', 'read')).toBe(true);
    expect(grants(tokens, 'operator', 'ingest')).toBe(false);
    expect(grants({ adminToken: 'operator' }, undefined, 'read')).toBe(true);
    expect(grants({ adminToken: 'operator' }, undefined, 'admin')).toBe(false);
    expect(grants(tokens, undefined, 'public')).toBe(true);
  });
});
