import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.js';

const req = (headers: Record<string, string>) => ({ headers });

describe('originAllowed', () => {
  it('allows requests without Origin and same-origin requests', () => {
    expect(originAllowed(req({ host: '127.0.0.1:3000' }), [])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }), [])).toBe(true);
  });

  it('refuses other origins unless listed', () => {
    expect(originAllowed(req({ host: '127.0.0.1:3000', origin: 'https://evil.example' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:3000', origin: 'https://dash.example' }), ['https://dash.example'])).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3001' }), [])).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:3000', origin: 'null' }), [])).toBe(false);
  });
});
