import fs from 'node:fs/promises';
import path from 'node:path';

/** `**`: any number of folders (none included). */
const GLOBSTAR = Symbol('**');
type Segment = RegExp | typeof GLOBSTAR;

/**
 * A path pattern relative to a root, `/`-separated: `*` matches within one name, `?` one
 * character, `{a,b}` either, a `**` segment any number of folders (`2025/10/01`, or none).
 */
export class Glob {
  readonly #segments: Segment[];

  constructor(readonly pattern: string) {
    this.#segments = pattern.split('/').filter((s) => s.length > 0).map((s) => (s === '**' ? GLOBSTAR : segmentRegExp(s)));
    if (this.#segments.length === 0) throw new Error(`empty glob: ${JSON.stringify(pattern)}`);
  }

  /** True when the path (its names from the root) matches. */
  matches(names: readonly string[]): boolean {
    return match(this.#segments, 0, names, 0, false);
  }

  /** True when something under this folder (its names from the root) could match. */
  mayContain(names: readonly string[]): boolean {
    return match(this.#segments, 0, names, 0, true);
  }
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  let braces = 0;
  for (const ch of segment) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '{') {
      braces += 1;
      re += '(?:';
    } else if (ch === '}' && braces > 0) {
      braces -= 1;
      re += ')';
    } else if (ch === ',' && braces > 0) re += '|';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  if (braces > 0) throw new Error(`unclosed { in glob segment ${JSON.stringify(segment)}`);
  return new RegExp(`^${re}$`);
}

function match(p: readonly Segment[], pi: number, names: readonly string[], ni: number, partial: boolean): boolean {
  if (ni === names.length) return partial ? pi < p.length : p.slice(pi).every((s) => s === GLOBSTAR);
  if (pi === p.length) return false;
  const seg = p[pi] as Segment;
  if (seg === GLOBSTAR) return match(p, pi + 1, names, ni, partial) || match(p, pi, names, ni + 1, partial);
  return seg.test(names[ni] as string) && match(p, pi + 1, names, ni + 1, partial);
}

/** Every file under `root` that matches one of `globs` (none when the root does not exist), sorted. Symbolic links are not followed. */
export async function listFiles(root: string, globs: readonly Glob[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, names: string[]): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const here = [...names, entry.name];
      if (entry.isFile() && globs.some((g) => g.matches(here))) found.push(path.join(dir, entry.name));
      else if (entry.isDirectory() && globs.some((g) => g.mayContain(here))) await walk(path.join(dir, entry.name), here);
    }
  };
  await walk(root, []);
  return found.sort();
}
