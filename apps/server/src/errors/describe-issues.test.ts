import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssues } from './describe-issues.js';

describe('describeIssues', () => {
  it('names at most three issues by path, and root issues by their message', () => {
    const schema = z.object({ a: z.number(), b: z.object({ c: z.string() }), d: z.boolean(), e: z.boolean() });
    const error = schema.safeParse({ a: 'x', b: { c: 1 } }).error!;
    expect(describeIssues(error)).toBe(
      'a: Invalid input: expected number, received string; b.c: Invalid input: expected string, received number; d: Invalid input: expected boolean, received undefined',
    );
    expect(describeIssues(z.number().safeParse('x').error!)).toBe('Invalid input: expected number, received string');
    expect(describeIssues([])).toBe('invalid');
    expect(describeIssues([{ path: [0, 'status'], message: 'bad' }])).toBe('0.status: bad');
  });
});
