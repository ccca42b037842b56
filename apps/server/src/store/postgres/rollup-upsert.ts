import type pg from 'pg';
import { addSums, type RollupRow } from '../rollup.js';
import { byKey } from '../order.js';

/**
 * Sums rows that share a bucket, dimension and key (several names capped to
 * OTHER_KEY in one batch become one row: a multi-row upsert may touch a row only
 * once), sorted by the primary key, the order every node locks rollup rows in.
 */
export function mergeRollupRows(rows: Iterable<RollupRow>): RollupRow[] {
  const merged = new Map<string, RollupRow>();
  for (const r of rows) {
    const id = `${r.dim}\u0000${r.agent}\u0000${r.machine}\u0000${r.bucket}\u0000${r.key}`;
    const m = merged.get(id);
    if (m) addSums(m, r);
    else merged.set(id, { ...r });
  }
  return [...merged.values()].sort(
    (a, b) => byKey(a.dim, b.dim) || byKey(a.agent, b.agent) || byKey(a.machine, b.machine) || a.bucket - b.bucket || byKey(a.key, b.key),
  );
}

/** Adds the rows to a rollup table in one statement (additive, so nodes writing the same row concurrently both count). */
export async function upsertRollups(client: pg.ClientBase, table: 'rollup_minute' | 'rollup_hour', rows: readonly RollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof RollupRow>(k: K) => rows.map((r) => r[k]);
  await client.query(
    `INSERT INTO ${table} (bucket, dim, key, requests, input_tokens, output_tokens, cache_creation_tokens,
        cache_read_tokens, cost_usd, unpriced, calls, failed, agent, machine, reasoning_tokens)
      SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[],
        $8::bigint[], $9::float8[], $10::bigint[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::bigint[])
      ON CONFLICT (dim, agent, machine, bucket, key) DO UPDATE SET
        requests = ${table}.requests + excluded.requests, input_tokens = ${table}.input_tokens + excluded.input_tokens,
        output_tokens = ${table}.output_tokens + excluded.output_tokens,
        cache_creation_tokens = ${table}.cache_creation_tokens + excluded.cache_creation_tokens,
        cache_read_tokens = ${table}.cache_read_tokens + excluded.cache_read_tokens, cost_usd = ${table}.cost_usd + excluded.cost_usd,
        reasoning_tokens = ${table}.reasoning_tokens + excluded.reasoning_tokens,
        unpriced = ${table}.unpriced + excluded.unpriced, calls = ${table}.calls + excluded.calls, failed = ${table}.failed + excluded.failed`,
    [
      col('bucket'), col('dim'), col('key'), col('requests'), col('inputTokens'), col('outputTokens'), col('cacheCreationTokens'),
      col('cacheReadTokens'), col('costUsd'), col('unpriced'), col('calls'), col('failed'), col('agent'), col('machine'), col('reasoningTokens'),
    ],
  );
}
