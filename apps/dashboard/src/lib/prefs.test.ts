import { describe, expect, it } from 'vitest';
import { defaultPrefs, parsePrefs } from './prefs';

describe('parsePrefs', () => {
  it('falls back to defaults for missing or broken storage', () => {
    expect(parsePrefs(null, '')).toEqual(defaultPrefs);
    expect(parsePrefs('{not json', '')).toEqual(defaultPrefs);
    expect(parsePrefs('42', '')).toEqual(defaultPrefs);
  });

  it('keeps valid stored choices and clamps numbers', () => {
    const prefs = parsePrefs(JSON.stringify({ transport: 'sse', hours: 500, interval: 0, budget: 5, theme: 'dark' }), '');
    expect(prefs).toEqual({ transport: 'sse', hours: 168, interval: 1, budget: 5, theme: 'dark' });
  });

  it('keeps the long windows offered, and clamps other long ones to the longest live window', () => {
    expect(parsePrefs(JSON.stringify({ hours: 720 }), '').hours).toBe(720);
    expect(parsePrefs(JSON.stringify({ hours: 2160 }), '').hours).toBe(2160);
    expect(parsePrefs(JSON.stringify({ hours: 1000 }), '').hours).toBe(168);
  });

  it('lets ?transport= override storage, ignoring unknown values', () => {
    expect(parsePrefs(JSON.stringify({ transport: 'sse' }), '?transport=websocket').transport).toBe('websocket');
    expect(parsePrefs(JSON.stringify({ transport: 'sse' }), '?transport=carrier-pigeon').transport).toBe('sse');
  });

  it('drops a non-positive budget', () => {
    expect(parsePrefs(JSON.stringify({ budget: 0 }), '').budget).toBeNull();
    expect(parsePrefs(JSON.stringify({ budget: 'lots' }), '').budget).toBeNull();
  });
});
