import { describe, expect, it } from 'vitest';
import { extractUrlToken } from './url-token';

describe('extractUrlToken', () => {
  it('takes the token and keeps the other parameters and the hash', () => {
    expect(extractUrlToken('http://h:3000/?transport=sse&token=abc%2Bdef#top')).toEqual({
      token: 'abc+def',
      cleaned: 'http://h:3000/?transport=sse#top',
    });
    expect(extractUrlToken('http://h/websocket-test?token=abc')).toEqual({ token: 'abc', cleaned: 'http://h/websocket-test' });
  });

  it('leaves an address without a token untouched', () => {
    const href = 'http://h/?transport=websocket';
    expect(extractUrlToken(href)).toEqual({ token: null, cleaned: href });
  });

  it('drops an empty token parameter without taking it', () => {
    expect(extractUrlToken('http://h/?token=&transport=sse')).toEqual({ token: null, cleaned: 'http://h/?transport=sse' });
  });
});
