import type { HistoryRequest, HistoryResponse } from '@amiga/protocol';
import type { Store } from '../store/store.js';
import { buildSeries } from './snapshot.js';

/** The series of a history request; the range is widened to whole buckets. */
export async function readHistory(store: Store, { from, to, bucket }: Pick<HistoryRequest, 'from' | 'to' | 'bucket'>): Promise<HistoryResponse> {
  const start = Math.floor(from / bucket) * bucket;
  const end = Math.ceil(to / bucket) * bucket;
  const points = buildSeries(await store.readSeries(start, end, bucket));
  return { from: start, to: end, bucket, points };
}
