import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../config/config.js';
import { projectsDirs } from './claude/dirs.js';
import { resolveSourceNames } from './registry.js';

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

  it('takes MONITORING_CLAUDE_DIR as a config folder holding projects/ or as a projects folder', () => {
    fs.mkdirSync(path.join(tmp, 'cfg', 'projects'), { recursive: true });
    fs.mkdirSync(path.join(tmp, 'transcripts'), { recursive: true });
    const dirs = projectsDirs({ claudeConfigDirs: ['/ignored'], claudeDirs: [path.join(tmp, 'cfg'), path.join(tmp, 'transcripts')] });
    expect(dirs).toEqual([path.join(tmp, 'cfg', 'projects'), path.join(tmp, 'transcripts')]);
  });
});
