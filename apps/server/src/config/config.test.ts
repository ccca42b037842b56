import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceFor } from '../metrics/pricing.js';
import { pricerFor } from '../metrics/prices/request-price.js';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, debug: false, sources: [], sourcesAuto: true, logLevel: 'info' });
    expect(config).toMatchObject({ transcriptPollMs: 400, staleTaskMinutes: 60, claudeDirs: [], prices: [] }); // no overrides: every model is priced from the shipped dataset
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
    ['MONITORING_STALE_TASK_MINUTES', '0'],
    ['MONITORING_STALE_TASK_MINUTES', 'soon'],
    ['MONITORING_TRANSCRIPT_POLL_MS', '5'],
    ['MONITORING_PRICES', '/no/such/prices.json'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('sources and their settings', () => {
  it('reads a comma list of sources; none means the ingest API only', () => {
    expect(loadConfig({ MONITORING_SOURCES: 'claude, otlp,demo' })).toMatchObject({ sources: ['claude', 'otlp', 'demo'], sourcesAuto: false });
    expect(loadConfig({ MONITORING_SOURCES: 'none' })).toMatchObject({ sources: [], sourcesAuto: false });
    expect(loadConfig({ MONITORING_SOURCES: '' })).toMatchObject({ sources: [], sourcesAuto: true });
  });

  it('finds Claude folders in CLAUDE_CONFIG_DIR, else in the home folder; MONITORING_CLAUDE_DIR overrides', () => {
    expect(loadConfig({ HOME: '/home/ada' }).claudeConfigDirs).toEqual([path.join('/home/ada', '.claude'), path.join('/home/ada', '.config', 'claude')]);
    expect(loadConfig({ CLAUDE_CONFIG_DIR: '/a, /b' }).claudeConfigDirs).toEqual(['/a', '/b']);
    expect(loadConfig({ MONITORING_CLAUDE_DIR: '/x/projects,/y' }).claudeDirs).toEqual(['/x/projects', '/y']);
  });

  it('reads the stale threshold and poll interval', () => {
    expect(loadConfig({ MONITORING_STALE_TASK_MINUTES: '15', MONITORING_TRANSCRIPT_POLL_MS: '250' })).toMatchObject({ staleTaskMinutes: 15, transcriptPollMs: 250 });
  });

  it('puts the rows of MONITORING_PRICES before the price dataset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-prices-'));
    try {
      const file = path.join(dir, 'prices.json');
      fs.writeFileSync(file, JSON.stringify([{ model: 'claude-sonnet-4-5', input: 2, output: 8 }]));
      const { prices } = loadConfig({ MONITORING_PRICES: file });
      expect(priceFor('claude-sonnet-4-5-20250929', prices)).toMatchObject({ input: 2, output: 8 });
      // A model without a row is priced from the dataset (Opus 4.5: 5 / 25 per MTok).
      expect(priceFor('claude-opus-4-5', prices)).toBeNull();
      const tokens = { inputTokens: 1e6, outputTokens: 1e6, cacheCreationTokens: 0, cacheReadTokens: 0 };
      expect(pricerFor(prices).cost(tokens, 'claude-opus-4-5', Date.now() / 1000)).toBeCloseTo(30, 9);
      expect(pricerFor(prices).cost(tokens, 'claude-sonnet-4-5-20250929', Date.now() / 1000)).toBeCloseTo(10, 9);

      fs.writeFileSync(file, JSON.stringify([{ model: 'claude-sonnet-4-5', input: 'cheap', output: 8 }]));
      expect(() => loadConfig({ MONITORING_PRICES: file })).toThrow(/MONITORING_PRICES: .*prices\.json: 0/);
      fs.writeFileSync(file, '{ not json');
      expect(() => loadConfig({ MONITORING_PRICES: file })).toThrow(/MONITORING_PRICES: cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
