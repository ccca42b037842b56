/**
 * PostgreSQL schema migrations, applied in order at start-up (see migrate.ts);
 * `schema_version` records how many ran. The tables mirror SQLite's (see
 * ../sqlite/schema.ts), with these differences:
 * - Names and ids compare as bytes (COLLATE "C"), as SQLite's do, whatever the database's locale.
 * - Counters are BIGINT, times and costs DOUBLE PRECISION (Unix seconds, USD).
 * - `sessions.model_ts` keeps the time of the request that named the model: a multi-row
 *   upsert cannot pass it beside the row as SQLite's one-row statement does.
 * - `requests.event_id` is NULL only inside the transaction that creates the request
 *   (the request row is claimed before its event's id is drawn; see write-batch.ts).
 * - `store_names` lists the model, tool and error names the rollups keep apart (the
 *   shared NameCap; see names.ts).
 */
/** A rollup table rebuilt keyed by scope, as SQLite's `scopedRollup` (see ../sqlite/schema.ts). */
const scopedRollup = (table: string): string => `
  CREATE TABLE ${table}_v3 (
    dim TEXT COLLATE "C" NOT NULL, agent TEXT COLLATE "C" NOT NULL, machine TEXT COLLATE "C" NOT NULL,
    bucket BIGINT NOT NULL, key TEXT COLLATE "C" NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0, input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0,
    cache_creation_tokens BIGINT NOT NULL DEFAULT 0, cache_read_tokens BIGINT NOT NULL DEFAULT 0, reasoning_tokens BIGINT NOT NULL DEFAULT 0,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0, unpriced BIGINT NOT NULL DEFAULT 0,
    calls BIGINT NOT NULL DEFAULT 0, failed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, agent, machine, bucket, key)
  );
  INSERT INTO ${table}_v3 (dim, agent, machine, bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens,
      cache_read_tokens, cost_usd, unpriced, calls, failed)
    WITH r AS (
      SELECT *, CASE WHEN dim IN ('m', 'e') AND key ILIKE 'claude%' THEN 'claude-code'
        WHEN dim = 't' AND EXISTS (SELECT 1 FROM rollup_hour WHERE dim = 'm' AND key ILIKE 'claude%') THEN 'claude-code'
        ELSE 'unknown' END AS a
      FROM ${table})
    SELECT dim, CASE WHEN k.n IN (1, 3) THEN a ELSE '*' END, CASE WHEN k.n >= 2 THEN '@@LOCAL_MACHINE@@' ELSE '*' END,
      bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, unpriced, calls, failed
    FROM r CROSS JOIN (VALUES (0), (1), (2), (3)) AS k(n)
    WHERE k.n = 0 OR r.dim <> 's';
  -- The scopes' totals of all requests (M) and all tool calls (T), one row per bucket.
  INSERT INTO ${table}_v3 (dim, agent, machine, bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens,
      cache_read_tokens, cost_usd, unpriced, calls, failed)
    SELECT CASE dim WHEN 'm' THEN 'M' ELSE 'T' END, agent, machine, bucket, '', SUM(requests), SUM(input_tokens), SUM(output_tokens),
      SUM(cache_creation_tokens), SUM(cache_read_tokens), SUM(cost_usd), SUM(unpriced), SUM(calls), SUM(failed)
    FROM ${table}_v3 WHERE dim IN ('m', 't') GROUP BY dim, agent, machine, bucket;

`;

export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    ts DOUBLE PRECISION NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX events_ts ON events (ts);

  CREATE TABLE seen_requests (request_id TEXT COLLATE "C" PRIMARY KEY);
  CREATE TABLE seen_keys (key TEXT COLLATE "C" PRIMARY KEY);

  CREATE TABLE requests (
    key TEXT COLLATE "C" PRIMARY KEY,
    event_id BIGINT,
    ts DOUBLE PRECISION NOT NULL,
    model TEXT NOT NULL,
    session_id TEXT,
    input_tokens BIGINT NOT NULL,
    output_tokens BIGINT NOT NULL,
    cache_creation_tokens BIGINT NOT NULL,
    cache_read_tokens BIGINT NOT NULL,
    cost_usd DOUBLE PRECISION
  );

  CREATE TABLE tasks (
    id TEXT COLLATE "C" PRIMARY KEY,
    status TEXT NOT NULL,
    description TEXT,
    model TEXT,
    cost_usd DOUBLE PRECISION,
    error TEXT,
    created_at DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    started_at DOUBLE PRECISION,
    ended_at DOUBLE PRECISION
  );
  CREATE INDEX tasks_updated_at ON tasks (updated_at);
  CREATE INDEX tasks_status ON tasks (status, updated_at);

  CREATE TABLE sessions (
    id TEXT COLLATE "C" PRIMARY KEY,
    project TEXT,
    model TEXT,
    model_ts DOUBLE PRECISION,
    first_seen DOUBLE PRECISION NOT NULL,
    last_seen DOUBLE PRECISION NOT NULL
  );
  CREATE INDEX sessions_last_seen ON sessions (last_seen, id);

  CREATE TABLE rollup_minute (
    bucket BIGINT NOT NULL, dim TEXT COLLATE "C" NOT NULL, key TEXT COLLATE "C" NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0, input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0,
    cache_creation_tokens BIGINT NOT NULL DEFAULT 0, cache_read_tokens BIGINT NOT NULL DEFAULT 0,
    cost_usd DOUBLE PRECISION NOT NULL DEFAULT 0, unpriced BIGINT NOT NULL DEFAULT 0,
    calls BIGINT NOT NULL DEFAULT 0, failed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, bucket, key)
  );
  CREATE INDEX rollup_minute_session ON rollup_minute (key, bucket) WHERE dim = 's';

  CREATE TABLE rollup_hour (LIKE rollup_minute INCLUDING DEFAULTS, PRIMARY KEY (dim, bucket, key));
  CREATE INDEX rollup_hour_session ON rollup_hour (key, bucket) WHERE dim = 's';

  CREATE TABLE store_names (
    dim TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (dim, key)
  );

  CREATE TABLE source_files (
    source TEXT COLLATE "C" NOT NULL,
    path TEXT COLLATE "C" NOT NULL,
    ino TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    PRIMARY KEY (source, path)
  );

  -- Leases use the database's clock, so nodes with skewed clocks agree on expiry.
  CREATE TABLE leases (
    name TEXT COLLATE "C" PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  `,
  // The content key of a followed file, so a file moved by a copy is not read again.
  `
  ALTER TABLE source_files ADD COLUMN content_key TEXT;
  `,
  // Agents and machines (issues 13 and 19), as SQLite's migration 6: every event, request, session and task
  // records its agent and machine; rollups per scope (store/scope-rows.ts) with reasoning tokens; the scopes
  // heard from. Existing data: the legacy agent rule (scope-rows.ts), the migrating node's machine.
  `

${scopedRollup('rollup_minute')}${scopedRollup('rollup_hour')}  DROP TABLE rollup_minute;
  ALTER TABLE rollup_minute_v3 RENAME TO rollup_minute;
  ALTER INDEX rollup_minute_v3_pkey RENAME TO rollup_minute_pkey;
  DROP TABLE rollup_hour;
  ALTER TABLE rollup_hour_v3 RENAME TO rollup_hour;
  ALTER INDEX rollup_hour_v3_pkey RENAME TO rollup_hour_pkey;
  CREATE INDEX rollup_minute_session ON rollup_minute (key, bucket) WHERE dim = 's';
  CREATE INDEX rollup_hour_session ON rollup_hour (key, bucket) WHERE dim = 's';

  -- The data column is JSON text, read by pattern here (jsonb refuses the NUL escapes JSON.stringify may write).
  ALTER TABLE events ADD COLUMN agent TEXT COLLATE "C" NOT NULL DEFAULT 'unknown';
  ALTER TABLE events ADD COLUMN machine TEXT COLLATE "C" NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  UPDATE events SET agent = COALESCE(substring(data from '"agent":"([a-z0-9._-]{1,64})"'),
      CASE WHEN data LIKE '%"mergeMax":true%' OR data ILIKE '%"model":"claude%' OR data LIKE '%"callId":"toolu%' THEN 'claude-code' ELSE 'unknown' END)
    WHERE type <> 'activity' OR data LIKE '%"agent":"%';
  CREATE INDEX events_scope ON events (agent, machine, ts);

  ALTER TABLE requests ADD COLUMN agent TEXT COLLATE "C" NOT NULL DEFAULT 'claude-code';
  ALTER TABLE requests ADD COLUMN machine TEXT COLLATE "C" NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  ALTER TABLE requests ADD COLUMN reasoning_tokens BIGINT NOT NULL DEFAULT 0;

  ALTER TABLE sessions ADD COLUMN agent TEXT COLLATE "C" NOT NULL DEFAULT 'unknown';
  ALTER TABLE sessions ADD COLUMN machine TEXT COLLATE "C" NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  UPDATE sessions SET agent = 'claude-code' WHERE model ILIKE 'claude%';
  CREATE INDEX sessions_scope ON sessions (agent, machine, last_seen, id);

  ALTER TABLE tasks ADD COLUMN agent TEXT COLLATE "C" NOT NULL DEFAULT 'unknown';
  ALTER TABLE tasks ADD COLUMN machine TEXT COLLATE "C" NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  CREATE INDEX tasks_scope ON tasks (agent, machine, updated_at);

  CREATE TABLE scopes (
    agent TEXT COLLATE "C" NOT NULL,
    machine TEXT COLLATE "C" NOT NULL,
    first_seen DOUBLE PRECISION NOT NULL,
    last_seen DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agent, machine)
  );
  INSERT INTO scopes (agent, machine, first_seen, last_seen)
    SELECT agent, machine, MIN(f), MAX(l) FROM (
      SELECT agent, machine, MIN(ts) AS f, MAX(ts) AS l FROM events GROUP BY agent, machine
      UNION ALL SELECT agent, machine, MIN(first_seen), MAX(last_seen) FROM sessions GROUP BY agent, machine
      UNION ALL SELECT agent, machine, MIN(created_at), MAX(updated_at) FROM tasks GROUP BY agent, machine) u
    GROUP BY agent, machine;
  `,
  // 7: live session state (issue 15, hooks): one row per session; the hooks received (content only with
  // MONITORING_HOOKS_STORE_CONTENT); and each counted tool call's outcome, so a second report of one call
  // (a PostToolUse hook, a transcript's tool_use block) fills in its outcome and duration instead of being dropped.
  `
  CREATE TABLE live_sessions (
    session_id TEXT COLLATE "C" PRIMARY KEY,
    agent TEXT NOT NULL,
    project TEXT,
    state TEXT NOT NULL,
    since DOUBLE PRECISION NOT NULL,
    tool TEXT,
    message TEXT,
    subagents TEXT NOT NULL DEFAULT '[]',
    last_event_at DOUBLE PRECISION NOT NULL
  );
  CREATE INDEX live_sessions_last_event ON live_sessions (last_event_at);
  CREATE INDEX live_sessions_working ON live_sessions (last_event_at) WHERE state = 'working';
  CREATE TABLE hook_events (
    id BIGSERIAL PRIMARY KEY,
    ts DOUBLE PRECISION NOT NULL,
    session_id TEXT COLLATE "C" NOT NULL,
    event TEXT NOT NULL,
    tool TEXT,
    detail TEXT NOT NULL
  );
  CREATE INDEX hook_events_session ON hook_events (session_id, ts);
  CREATE TABLE tool_calls (
    key TEXT COLLATE "C" PRIMARY KEY,
    ts DOUBLE PRECISION NOT NULL,
    tool TEXT NOT NULL,
    session_id TEXT,
    success BOOLEAN,
    duration_ms DOUBLE PRECISION
  );
  `,
  // 8: alerts (issue 18): the alerts that are on, and the outbox of notices (recorded, then delivered).
  `
  CREATE TABLE alert_active (
    rule TEXT COLLATE "C" NOT NULL,
    instance TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    fired_at DOUBLE PRECISION NOT NULL,
    notified_at DOUBLE PRECISION NOT NULL,
    alert TEXT NOT NULL,
    PRIMARY KEY (rule, instance)
  );
  CREATE TABLE alert_outbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at DOUBLE PRECISION NOT NULL,
    rule TEXT COLLATE "C" NOT NULL,
    instance TEXT NOT NULL,
    notice TEXT NOT NULL,
    channel TEXT NOT NULL,
    alert TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_at DOUBLE PRECISION NOT NULL,
    delivered_at DOUBLE PRECISION,
    last_error TEXT
  );
  CREATE INDEX alert_outbox_due ON alert_outbox (status, next_at);
  `,
  // 9: plan limits (issue 16): as SQLite's (see ../sqlite/schema.ts).
  `
  CREATE TABLE limit_reports (
    agent TEXT COLLATE "C" NOT NULL,
    "window" TEXT COLLATE "C" NOT NULL,
    machine TEXT COLLATE "C" NOT NULL,
    window_minutes INTEGER NOT NULL,
    used_percent DOUBLE PRECISION NOT NULL,
    resets_at DOUBLE PRECISION,
    source TEXT NOT NULL,
    observed_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (agent, "window", machine)
  );
  CREATE TABLE statusline_sessions (
    session_id TEXT COLLATE "C" NOT NULL,
    machine TEXT COLLATE "C" NOT NULL,
    agent TEXT NOT NULL,
    model TEXT,
    model_name TEXT,
    project TEXT,
    cost_usd DOUBLE PRECISION,
    duration_ms DOUBLE PRECISION,
    lines_added BIGINT,
    lines_removed BIGINT,
    context_used_percent DOUBLE PRECISION,
    context_window_size BIGINT,
    version TEXT,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (session_id, machine)
  );
  CREATE INDEX statusline_sessions_updated ON statusline_sessions (updated_at);
  CREATE INDEX events_requests_ts ON events (ts) WHERE type = 'api_request';
  `,
  // 10: the sessions API (issue 17), as SQLite's: a session's events in time order, read by pattern from
  // the JSON text (the expression store/postgres/sessions-sql.ts reads), and its tool calls' outcomes.
  `
  CREATE INDEX events_session ON events ((substring(data from '"sessionId":("(?:[^"\\\\]|\\\\.)*")')), ts);
  CREATE INDEX tool_calls_session ON tool_calls (session_id);
  `,
  // 11: tasks linked to their agent sessions (issue 17 §3), as SQLite's.
  `
  CREATE TABLE task_sessions (
    task_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    PRIMARY KEY (task_id, session_id)
  );
  `,
];
