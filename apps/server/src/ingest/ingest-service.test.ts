import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { HealthState } from '../http/health.js';
import type { Store } from '../store/store.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { IngestService, type IngestCount } from './ingest-service.js';

function service(ingest: Store['ingest']) {
  const counted: Array<[string, IngestCount, number]> = [];
  const health = new HealthState();
  health.ready = true;
  const s = new IngestService({
    store: { ingest },
    clock: { now: () => 1_800_000_000 },
    prices: [],
    logger: createLogger('silent'),
    health,
    count: (via, result, n) => counted.push([via, result, n]),
  });
  return { s, counted, health };
}

describe('IngestService', () => {
  it('validates with the protocol schema, writes, and counts', async () => {
    const { s, counted } = service(async (events) => ({ stored: events.length, duplicates: 0 }));
    expect(await s.acceptEvents([{ type: 'tool_call', tool: 'Read' }, { type: 'activity', description: 'x' }])).toEqual({ status: 'stored', value: { accepted: 2 } });
    const invalid = await s.acceptEvents([{ type: 'tool_call' }]);
    expect(invalid).toMatchObject({ status: 'invalid', message: expect.stringMatching(/^event 0 \(tool_call\): tool/) });
    expect(counted).toEqual([
      ['api', 'accepted', 2],
      ['api', 'refused', 1],
    ]);
  });

  it('never acknowledges what the store did not keep: unavailable, with a retry delay, and health says so until a write succeeds', async () => {
    let fail: Error | null = new Error('database or disk is full');
    const { s, counted, health } = service(async (events) => {
      if (fail) throw fail;
      return { stored: events.length, duplicates: 0 };
    });
    expect(await s.acceptEvents({ type: 'tool_call', tool: 'Read' })).toMatchObject({ status: 'unavailable', retryAfterSeconds: 5 });
    expect(health.problems['store-writes']).toMatch(/disk is full/);
    fail = new StoreUnavailableError('cannot open the database x.db', 2);
    expect(await s.acceptEvents({ type: 'tool_call', tool: 'Read' })).toEqual({ status: 'unavailable', message: 'cannot open the database x.db', retryAfterSeconds: 2 });
    await expect(s.write('claude', [])).rejects.toBeInstanceOf(StoreUnavailableError);
    fail = null;
    expect(await s.write('claude', [])).toEqual({ stored: 0, duplicates: 0 });
    expect(health.status).toBe('ok');
    expect(counted.filter(([, result]) => result === 'unavailable')).toEqual([
      ['api', 'unavailable', 1],
      ['api', 'unavailable', 1],
    ]);
  });
});
