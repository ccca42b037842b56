import type { Source } from './source.js';

/** Builds the sources named in the configuration. */
export function createSources(names: readonly string[]): Source[] {
  return names.map((name) => {
    throw new Error(`no such source: ${name}`);
  });
}
