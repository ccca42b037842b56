import { normalScope, type HistoryRequest, type HistoryResponse } from '@amiga/protocol';
import type { Store } from '../store/store.js';
import { buildSeries } from './snapshot.js';

/** The series of a history request (of its agent and/or machine, when it names them); the range is widened to whole buckets. */
export async function readHistory(
  store: Store,
  { from, to, bucket, agent, machine }: Pick<HistoryRequest, 'from' | 'to' | 'bucket' | 'agent' | 'machine'>,
): Promise<HistoryResponse> {
  const start = Math.floor(from / bucket) * bucket;
  const end = Math.ceil(to / bucket) * bucket;
  const points = buildSeries(await store.readSeries(start, end, bucket, normalScope({ agent, machine })));
  return { from: start, to: end, bucket, points };
}
