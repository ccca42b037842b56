import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, debug: false, sources: [], logLevel: 'info' });
    expect(config.dbPath).toMatch(/data[/\\]amiga-monitor\.db$/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      MONITORING_HOST: '0.0.0.0',
      MONITORING_PORT: '8080',
      MONITORING_DEBUG: 'true',
      MONITORING_DB: ':memory:',
      MONITORING_SOURCES: 'none',
    });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 8080, debug: true, dbPath: ':memory:', sources: [], logLevel: 'debug' });
  });

  it.each([
    ['MONITORING_PORT', 'eighty'],
    ['MONITORING_PORT', '70000'],
    ['MONITORING_DEBUG', 'maybe'],
    ['MONITORING_SOURCES', 'none,telepathy'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
