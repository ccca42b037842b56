import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Glob, listFiles } from './glob.js';

const names = (p: string) => p.split('/');

describe('Glob', () => {
  it('matches names within a segment, any folders for **, and alternatives', () => {
    const rollouts = new Glob('**/rollout-*.jsonl');
    expect(rollouts.matches(names('2026/11/30/rollout-abc.jsonl'))).toBe(true);
    expect(rollouts.matches(names('rollout-abc.jsonl'))).toBe(true);
    expect(rollouts.matches(names('2026/11/30/rollout-abc.json'))).toBe(false);
    expect(rollouts.mayContain(names('2026/11'))).toBe(true);

    const chats = new Glob('*/chats/session-*.json');
    expect(chats.matches(names('abc123/chats/session-1.json'))).toBe(true);
    expect(chats.matches(names('abc123/other/session-1.json'))).toBe(false);
    expect(chats.mayContain(names('abc123'))).toBe(true);
    expect(chats.mayContain(names('abc123/other'))).toBe(false);
    expect(chats.mayContain(names('abc123/chats/session-1.json'))).toBe(false);

    const alt = new Glob('{a,b}?.{jsonl,json}');
    expect(['a1.jsonl', 'b2.json', 'c1.json', 'a12.json', 'a.json'].filter((n) => alt.matches([n]))).toEqual(['a1.jsonl', 'b2.json']);
    expect(new Glob('a.b+c').matches(['a.b+c'])).toBe(true);
    expect(new Glob('a.b+c').matches(['axb+c'])).toBe(false);
    expect(() => new Glob('{a,b')).toThrow();
  });

  it('lists the matching files under a root, sorted, and nothing for a missing root', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'amiga-glob-'));
    for (const f of ['p/s1.jsonl', 'p/s1/subagents/a.jsonl', 'p/s1/other/b.jsonl', 'p/notes.txt', 'q/s2.jsonl', 's0.jsonl']) {
      fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), '');
    }
    const files = await listFiles(root, [new Glob('*/*.jsonl'), new Glob('*/*/subagents/*.jsonl')]);
    expect(files.map((f) => path.relative(root, f))).toEqual(['p/s1.jsonl', 'p/s1/subagents/a.jsonl', 'q/s2.jsonl']);
    expect(await listFiles(path.join(root, 'missing'), [new Glob('**/*')])).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
