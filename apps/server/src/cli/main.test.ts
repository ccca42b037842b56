import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from './main.js';
import type { CliIo } from './io.js';

function io(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdin: new PassThrough(),
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env: {},
    out: () => out,
    err: () => err,
  };
}

describe('amiga-monitor command line', () => {
  it('prints the package version', async () => {
    const t = io();
    expect(await run(['--version'], t)).toBe(0);
    expect(t.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('lists the commands', async () => {
    const t = io();
    expect(await run(['--help'], t)).toBe(0);
    expect(t.out()).toContain('serve');
  });

  it('an unknown command or flag is one line and exit code 2', async () => {
    const t = io();
    expect(await run(['frobnicate'], t)).toBe(2);
    expect(t.err()).toBe('amiga-monitor: unknown command "frobnicate" (amiga-monitor --help lists them)\n');
    const u = io();
    expect(await run(['serve', '--bogus'], u)).toBe(2);
    expect(u.err().trim().split('\n')).toHaveLength(1);
    expect(u.err()).toContain("'--bogus'");
  });
});
