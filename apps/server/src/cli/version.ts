import fs from 'node:fs';

/** The server package's version (package.json beside dist/ and src/). */
export function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
