import path from 'node:path';
import type { Config } from '../../config/config.js';
import { isDir } from '../claude/dirs.js';

/**
 * The folders of rollouts to follow. Each MONITORING_CODEX_DIR entry is a Codex home (its
 * `sessions/` and `archived_sessions/` are used when either exists) or a folder of rollouts
 * itself; otherwise each CODEX_HOME entry (default `~/.codex`) gives its `sessions/` and
 * `archived_sessions/` (codex-rs rollout recorder; ccusage reads CODEX_HOME the same way).
 */
export function codexRoots(config: Pick<Config, 'codexDirs' | 'codexHomes'>): string[] {
  const roots = config.codexDirs.length > 0 ? config.codexDirs.flatMap((d) => (isCodexHome(d) ? homeRoots(d) : [d])) : config.codexHomes.flatMap(homeRoots);
  return [...new Set(roots.map((d) => path.resolve(d)))];
}

function homeRoots(home: string): string[] {
  return [path.join(home, 'sessions'), path.join(home, 'archived_sessions')];
}

function isCodexHome(dir: string): boolean {
  return homeRoots(dir).some(isDir);
}
