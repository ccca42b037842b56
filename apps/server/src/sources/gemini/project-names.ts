import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { asObject } from '../json-value.js';

/** Characters of a project hash shown when no file says which folder it is. */
export const SHORT_HASH = 12;

/**
 * The project a `<tmp>/<project hash>/` folder stands for. Gemini CLI names the folder after the
 * SHA-256 of the project's path (newer releases: a short id registered in `~/.gemini/projects.json`,
 * `{ "projects": { "<path>": "<id>" } }`, and a `.project_root` file in the folder). The path is
 * used when one of those says it; otherwise the hash, shortened to 12 characters.
 */
export class GeminiProjectNames {
  readonly #known = new Map<string, string>();

  constructor(tmpRoots: readonly string[]) {
    for (const root of tmpRoots) this.#readRegistry(path.join(path.dirname(root), 'projects.json'));
  }

  /** The project of a hash folder found under `root`. */
  name(root: string, hash: string): string {
    let name = this.#known.get(hash);
    if (name === undefined) {
      name = readProjectRoot(path.join(root, hash, '.project_root')) ?? hash.slice(0, SHORT_HASH);
      if (this.#known.size < 10_000) this.#known.set(hash, name);
    }
    return name;
  }

  #readRegistry(file: string): void {
    let projects: Record<string, unknown> | undefined;
    try {
      projects = asObject(asObject(JSON.parse(fs.readFileSync(file, 'utf8')))?.projects);
    } catch {
      return; // no registry (older releases), or not readable: hashes are shown
    }
    for (const [projectPath, id] of Object.entries(projects ?? {})) {
      if (typeof id === 'string' && id !== '') this.#known.set(id, projectPath);
      this.#known.set(createHash('sha256').update(projectPath).digest('hex'), projectPath);
    }
  }
}

function readProjectRoot(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text !== '' && text.length < 4096 ? text : undefined;
  } catch {
    return undefined;
  }
}
