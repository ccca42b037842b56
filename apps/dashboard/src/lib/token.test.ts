import { describe, expect, it, vi } from 'vitest';
import { authHeaders, clearToken, loadToken, normalizeToken, onTokenChange, saveToken, type TokenStorage } from './token';

function memoryStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('token storage', () => {
  it('saves, loads and clears a trimmed token', () => {
    const storage = memoryStorage();
    expect(loadToken(storage)).toBeNull();
    saveToken('  s3cret-token-0123  ', storage);
    expect(loadToken(storage)).toBe('s3cret-token-0123');
    clearToken(storage);
    expect(loadToken(storage)).toBeNull();
    expect(storage.data.size).toBe(0);
  });

  it('treats a blank token as none', () => {
    const storage = memoryStorage();
    saveToken('abc', storage);
    saveToken('   ', storage);
    expect(loadToken(storage)).toBeNull();
    expect(normalizeToken(undefined)).toBeNull();
  });

  it('survives storage that throws or is missing', () => {
    const broken: TokenStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveToken('abc', broken)).not.toThrow();
    expect(loadToken(broken)).toBeNull();
    expect(loadToken(null)).toBeNull();
  });

  it('tells listeners about changes until they unsubscribe', () => {
    const storage = memoryStorage();
    const listener = vi.fn();
    const off = onTokenChange(listener);
    saveToken('abc', storage);
    clearToken(storage);
    off();
    saveToken('def', storage);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('builds a Bearer header only when a token is known', () => {
    expect(authHeaders('abc')).toEqual({ Authorization: 'Bearer abc' });
    expect(authHeaders(null)).toEqual({});
  });
});
