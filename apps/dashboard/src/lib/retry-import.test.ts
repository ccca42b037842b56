import { describe, expect, it } from 'vitest';
import { onceImport, retryImport } from './retry-import';

describe('retryImport', () => {
  it('loads again after failures, waiting longer each time, and resolves with the module', async () => {
    let calls = 0;
    const waits: number[] = [];
    const load = async () => {
      calls += 1;
      if (calls < 4) throw new TypeError('Failed to fetch dynamically imported module');
      return { default: 'Charts' };
    };
    const module = await retryImport(load, { min: 100, max: 1000, jitter: 0 }, async (ms) => void waits.push(ms));
    expect(module).toEqual({ default: 'Charts' });
    expect(calls).toBe(4);
    expect(waits).toEqual([100, 200, 400]);
  });

  it('onceImport loads a chunk once for every caller', async () => {
    let calls = 0;
    const load = onceImport(async () => ({ n: ++calls }));
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(calls).toBe(1);
  });
});
