import path from 'node:path';
import type { Config } from '../../config/config.js';
import { isDir } from '../claude/dirs.js';

/**
 * The `tmp` folders of chat recordings to follow (`<tmp>/<project hash>/chats/`): each
 * MONITORING_GEMINI_DIR entry (default `~/.gemini`) is a Gemini home, whose `tmp/` is used when
 * it exists, or a `tmp` folder itself (the default, `~/.gemini/tmp`).
 */
export function geminiRoots(config: Pick<Config, 'geminiDirs'>): string[] {
  const roots = config.geminiDirs.map((d) => (path.basename(d) !== 'tmp' && isDir(path.join(d, 'tmp')) ? path.join(d, 'tmp') : d));
  return [...new Set(roots.map((d) => path.resolve(d)))];
}
