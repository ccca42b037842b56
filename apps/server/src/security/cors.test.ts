import { describe, expect, it } from 'vitest';
import { corsAnswer } from './cors.js';

const req = (method: string, origin?: string) => ({ method, headers: { host: '127.0.0.1:3000', ...(origin ? { origin } : {}) } });
const listed = ['https://dash.example'];

describe('corsAnswer', () => {
  it('lets requests without Origin and foreign reads pass without CORS headers, and refuses foreign writes', () => {
    expect(corsAnswer(req('POST'), listed)).toEqual({ kind: 'pass' });
    expect(corsAnswer(req('GET', 'https://evil.example'), listed)).toEqual({ kind: 'pass' });
    expect(corsAnswer(req('POST', 'https://evil.example'), listed)).toEqual({ kind: 'refuse' });
  });

  it('allows a listed or same origin, and answers its preflight', () => {
    expect(corsAnswer(req('GET', 'https://dash.example'), listed)).toEqual({ kind: 'allow', origin: 'https://dash.example' });
    expect(corsAnswer(req('OPTIONS', 'http://127.0.0.1:3000'), listed)).toEqual({ kind: 'preflight', origin: 'http://127.0.0.1:3000' });
  });
});
