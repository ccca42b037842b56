import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLines } from './file-reader.js';
import { emptyCounts, LineFilter } from './line-scanner.js';

const assistant = (n: number) => JSON.stringify({ type: 'assistant', n });

async function read(content: string, options: { maxLineBytes: number; chunkBytes: number }) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-reader-')), 'session.jsonl');
  fs.writeFileSync(file, content);
  const lines: unknown[] = [];
  const buffer = { current: Buffer.allocUnsafe(options.chunkBytes) };
  const counts = emptyCounts();
  const progress = await readLines(file, 0, buffer, new LineFilter(['assistant']), counts, (line) => lines.push(line.n), () => undefined, options);
  return { lines, progress: { ...progress, broken: counts.broken }, buffer, size: fs.statSync(file).size };
}

describe('readLines', () => {
  it('grows its buffer for a long line, then gives the memory back', async () => {
    const long = JSON.stringify({ type: 'assistant', n: 2, text: 'x'.repeat(3_000) });
    const { lines, progress, buffer, size } = await read(`${assistant(1)}\n${long}\n${assistant(3)}\n`, { maxLineBytes: 16_384, chunkBytes: 1_024 });
    expect(lines).toEqual([1, 2, 3]);
    expect(progress).toMatchObject({ offset: size, broken: 0 });
    expect(buffer.current.length).toBe(1_024);
  });

  it('skips a line longer than the cap without holding it, counts it as broken, and reads on', async () => {
    const huge = JSON.stringify({ type: 'assistant', n: 2, text: 'x'.repeat(50_000) });
    const { lines, progress, buffer, size } = await read(`${assistant(1)}\n${huge}\n${assistant(3)}\n`, { maxLineBytes: 4_096, chunkBytes: 1_024 });
    expect(lines).toEqual([1, 3]);
    expect(progress).toMatchObject({ offset: size, broken: 1, bytes: size });
    expect(buffer.current.length).toBeLessThanOrEqual(4_096);
  });

  it('leaves a huge line that is still being written for a later read', async () => {
    const { lines, progress } = await read(`${assistant(1)}\n{"type":"assistant","text":"${'x'.repeat(50_000)}`, { maxLineBytes: 4_096, chunkBytes: 1_024 });
    expect(lines).toEqual([1]);
    expect(progress.offset).toBe(assistant(1).length + 1);
    expect(progress.broken).toBe(0);
  });
});
