/**
 * EXPLAIN ANALYZE of the sessions list on PostgreSQL over the sessions-api data set (a diagnostic, not a scenario):
 *   taskset -c 1 npx tsx --conditions=source bench/explain-sessions.ts
 */
import pg from 'pg';
import { sessionsQuery } from '@amiga/protocol';
import { POSTGRES_SESSIONS } from '../src/store/postgres/sessions-sql.js';
import { sql } from '../src/store/postgres/pg-values.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import { listSessionsSql, sessionModelsSql } from '../src/store/session-queries.js';
import { startPostgres } from '../src/test-support/services/postgres.js';
import { fill, sessionId } from './scenarios/sessions.js';

const service = await startPostgres();
try {
  const url = await service.createDatabase('explain_sessions');
  const store = await PostgresStore.open({ url });
  const now = Date.now() / 1000;
  await fill(store, Number(process.env.BENCH_SESSIONS ?? 100_000), now);
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  const show = async (label: string, text: string, params: Record<string, unknown>) => {
    const q = sql(text)(params);
    const rows = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values)).rows as Array<{ 'QUERY PLAN': string }>;
    process.stdout.write(`\n== ${label}\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
  };
  for (const [label, query] of [['default', {}], ['from', { from: String(Math.floor(now - 86_400)) }], ['model', { model: 'gpt-5-codex' }]] as const) {
    const q = listSessionsSql(sessionsQuery.parse(query), POSTGRES_SESSIONS);
    await show(`list ${label}`, q.text, q.params);
  }
  const ids = Array.from({ length: 50 }, (_, i) => sessionId(99_000 + i));
  const m = sessionModelsSql(ids, POSTGRES_SESSIONS);
  await show('models of 50 sessions', m.text, m.params);
  await client.end();
} finally {
  await service.destroy();
}
