import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Makes sure a program from Debian's packages is installed: when none of `paths`
 * exists, installs `pkg` with apt-get (the test machine has Debian's archive, and
 * tests run as root there). Installs run one at a time across test files.
 */
export function ensureDebianPackage(pkg: string, paths: readonly string[]): string {
  const found = () => paths.find((p) => fs.existsSync(p));
  const have = found();
  if (have) return have;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => execFileSync('flock', ['/tmp/amiga-apt.lock', 'apt-get', ...args], { env, stdio: 'inherit', timeout: 600_000 });
  try {
    run(['install', '-y', '-q', pkg]);
  } catch {
    // The package lists may be missing on a fresh machine.
    run(['update', '-q']);
    run(['install', '-y', '-q', pkg]);
  }
  const installed = found();
  if (!installed) throw new Error(`installed ${pkg} but none of ${paths.join(', ')} exists`);
  return installed;
}
