import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/config.js';

/**
 * The `projects` folders to follow. MONITORING_CLAUDE_DIR entries may name a Claude config
 * folder (its `projects/` is used when present) or a projects folder itself; otherwise each
 * CLAUDE_CONFIG_DIR entry (default `~/.claude`, `~/.config/claude`) contributes its `projects/`.
 */
export function projectsDirs(config: Pick<Config, 'claudeDirs' | 'claudeConfigDirs'>): string[] {
  const dirs =
    config.claudeDirs.length > 0
      ? config.claudeDirs.map((d) => (path.basename(d) !== 'projects' && isDir(path.join(d, 'projects')) ? path.join(d, 'projects') : d))
      : config.claudeConfigDirs.map((d) => path.join(d, 'projects'));
  return [...new Set(dirs.map((d) => path.resolve(d)))];
}

/** True when one of the folders exists (automatic source selection picks `claude` then). */
export function anyDirExists(dirs: readonly string[]): boolean {
  return dirs.some(isDir);
}

export function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
