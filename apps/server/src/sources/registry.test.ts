import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, testConfig } from '../config/config.js';
import { projectsDirs } from './claude/dirs.js';
import { codexRoots } from './codex/dirs.js';
import { geminiRoots } from './gemini/dirs.js';
import { createSources, resolveSourceNames } from './registry.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-registry-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('source selection', () => {
  it('runs the named sources, or none', () => {
    expect(resolveSourceNames(testConfig({ sources: ['claude', 'otlp'] }))).toEqual(['claude', 'otlp']);
    expect(resolveSourceNames(testConfig({ sources: [] }))).toEqual([]);
  });

  it('when unset, picks claude if a transcript folder exists, else demo; otlp in both cases', () => {
    const config = testConfig({ sourcesAuto: true, claudeConfigDirs: [path.join(tmp, '.claude')] });
    expect(resolveSourceNames(config)).toEqual(['demo', 'otlp']);
    fs.mkdirSync(path.join(tmp, '.claude', 'projects'), { recursive: true });
    expect(resolveSourceNames(config)).toEqual(['claude', 'otlp']);
  });

  it('when unset, runs every file source whose folder exists (claude, codex, gemini), demo only when none does', () => {
    const config = testConfig({
      sourcesAuto: true,
      claudeConfigDirs: [path.join(tmp, '.claude')],
      codexHomes: [path.join(tmp, '.codex')],
      geminiDirs: [path.join(tmp, '.gemini', 'tmp')],
    });
    expect(resolveSourceNames(config)).toEqual(['demo', 'otlp']);
    fs.mkdirSync(path.join(tmp, '.codex', 'archived_sessions'), { recursive: true });
    expect(resolveSourceNames(config)).toEqual(['codex', 'otlp']);
    fs.mkdirSync(path.join(tmp, '.gemini', 'tmp'), { recursive: true });
    expect(resolveSourceNames(config)).toEqual(['codex', 'gemini', 'otlp']);
    fs.mkdirSync(path.join(tmp, '.claude', 'projects'), { recursive: true });
    expect(resolveSourceNames(config)).toEqual(['claude', 'codex', 'gemini', 'otlp']);
    // The sources are built, each with its own folders.
    expect(createSources(config).map((s) => s.name)).toEqual(['claude', 'codex', 'gemini', 'otlp']);
  });

  it('takes MONITORING_CODEX_DIR as a Codex home or a folder of rollouts, and MONITORING_GEMINI_DIR as a Gemini home or its tmp folder', () => {
    fs.mkdirSync(path.join(tmp, 'home', 'sessions'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'rollouts'), { recursive: true });
    expect(codexRoots({ codexHomes: ['/ignored'], codexDirs: [path.join(tmp, 'home'), path.join(tmp, 'rollouts')] })).toEqual([
      path.join(tmp, 'home', 'sessions'),
      path.join(tmp, 'home', 'archived_sessions'),
      path.join(tmp, 'rollouts'),
    ]);
    expect(codexRoots({ codexHomes: [path.join(tmp, 'a'), path.join(tmp, 'b')], codexDirs: [] })).toEqual([
      path.join(tmp, 'a', 'sessions'),
      path.join(tmp, 'a', 'archived_sessions'),
      path.join(tmp, 'b', 'sessions'),
      path.join(tmp, 'b', 'archived_sessions'),
    ]);
    fs.mkdirSync(path.join(tmp, 'g', 'tmp'), { recursive: true });
    expect(geminiRoots({ geminiDirs: [path.join(tmp, 'g'), path.join(tmp, 'other', 'tmp')] })).toEqual([path.join(tmp, 'g', 'tmp'), path.join(tmp, 'other', 'tmp')]);
  });

  it('reads CODEX_HOME as a comma list, and the MONITORING_CODEX_DIR / MONITORING_GEMINI_DIR overrides', () => {
    const config = loadConfig({ HOME: '/home/u', CODEX_HOME: '/a, /b', MONITORING_GEMINI_DIR: '/g1,/g2' });
    expect(config).toMatchObject({ codexHomes: ['/a', '/b'], codexDirs: [], geminiDirs: ['/g1', '/g2'] });
    expect(loadConfig({ HOME: '/home/u' })).toMatchObject({ codexHomes: ['/home/u/.codex'], geminiDirs: ['/home/u/.gemini/tmp'] });
    expect(loadConfig({ MONITORING_CODEX_DIR: '/x' }).codexDirs).toEqual(['/x']);
    expect(loadConfig({ MONITORING_SOURCES: 'codex,gemini' }).sources).toEqual(['codex', 'gemini']);
  });

  it('takes MONITORING_CLAUDE_DIR as a config folder holding projects/ or as a projects folder', () => {
    fs.mkdirSync(path.join(tmp, 'cfg', 'projects'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'transcripts'), { recursive: true });
    const dirs = projectsDirs({ claudeConfigDirs: ['/ignored'], claudeDirs: [path.join(tmp, 'cfg'), path.join(tmp, 'transcripts')] });
    expect(dirs).toEqual([path.join(tmp, 'cfg', 'projects'), path.join(tmp, 'transcripts')]);
  });
});
