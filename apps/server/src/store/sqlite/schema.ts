/**
 * A rollup table rebuilt keyed by scope (migration 6): the old rows become the all-scope rows, and copies
 * under their legacy agent and the local machine (see store/scope-rows.ts). Read before any table is dropped.
 */
const scopedRollup = (table: string): string => `
  CREATE TABLE ${table}_v6 (
    dim TEXT NOT NULL, agent TEXT NOT NULL, machine TEXT NOT NULL, bucket INTEGER NOT NULL, key TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0, cache_read_tokens INTEGER NOT NULL DEFAULT 0, reasoning_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0, unpriced INTEGER NOT NULL DEFAULT 0, calls INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, agent, machine, bucket, key)
  ) WITHOUT ROWID;
  INSERT INTO ${table}_v6 (dim, agent, machine, bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens,
      cache_read_tokens, cost_usd, unpriced, calls, failed)
    WITH r AS (
      SELECT *, CASE WHEN dim IN ('m', 'e') AND key LIKE 'claude%' THEN 'claude-code'
        WHEN dim = 't' AND EXISTS (SELECT 1 FROM rollup_hour WHERE dim = 'm' AND key LIKE 'claude%') THEN 'claude-code'
        ELSE 'unknown' END AS a
      FROM ${table}),
    k(n) AS (VALUES (0), (1), (2), (3))
    SELECT dim, CASE WHEN k.n IN (1, 3) THEN a ELSE '*' END, CASE WHEN k.n >= 2 THEN '@@LOCAL_MACHINE@@' ELSE '*' END,
      bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, unpriced, calls, failed
    FROM r JOIN k
    WHERE k.n = 0 OR r.dim <> 's';
  -- The scopes' totals of all requests (M) and all tool calls (T), one row per bucket.
  INSERT INTO ${table}_v6 (dim, agent, machine, bucket, key, requests, input_tokens, output_tokens, cache_creation_tokens,
      cache_read_tokens, cost_usd, unpriced, calls, failed)
    SELECT CASE dim WHEN 'm' THEN 'M' ELSE 'T' END, agent, machine, bucket, '', SUM(requests), SUM(input_tokens), SUM(output_tokens),
      SUM(cache_creation_tokens), SUM(cache_read_tokens), SUM(cost_usd), SUM(unpriced), SUM(calls), SUM(failed)
    FROM ${table}_v6 WHERE dim IN ('m', 't') GROUP BY dim, agent, machine, bucket;

`;

/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    type TEXT NOT NULL,
    description TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX events_ts ON events (ts);

  CREATE TABLE seen_requests (
    request_id TEXT PRIMARY KEY
  ) WITHOUT ROWID;

  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    description TEXT,
    model TEXT,
    cost_usd REAL,
    error TEXT,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    started_at REAL,
    ended_at REAL
  );
  CREATE INDEX tasks_updated_at ON tasks (updated_at);

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    project TEXT,
    model TEXT,
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL
  );

  CREATE TABLE rollup_minute (
    bucket INTEGER NOT NULL,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    unpriced INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, dim, key)
  ) WITHOUT ROWID;

  CREATE TABLE rollup_hour (
    bucket INTEGER NOT NULL,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    input_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0,
    cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0,
    unpriced INTEGER NOT NULL DEFAULT 0,
    calls INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, dim, key)
  ) WITHOUT ROWID;
  `,
  // 2: real data sources (issue 3).
  `
  -- Requests reported several times with growing totals (transcripts): one row per request key,
  -- holding the largest totals seen, so a repeat adds only its growth to the rollups.
  CREATE TABLE requests (
    key TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL,
    ts REAL NOT NULL,
    model TEXT NOT NULL,
    session_id TEXT,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cache_creation_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cost_usd REAL
  ) WITHOUT ROWID;

  -- Ids of tool calls and API errors already counted.
  CREATE TABLE seen_keys (
    key TEXT PRIMARY KEY
  ) WITHOUT ROWID;

  -- How far each followed file was read (committed with the events read from it).
  CREATE TABLE source_files (
    source TEXT NOT NULL,
    path TEXT NOT NULL,
    ino TEXT NOT NULL,
    offset INTEGER NOT NULL,
    PRIMARY KEY (source, path)
  ) WITHOUT ROWID;

  CREATE INDEX tasks_status ON tasks (status, updated_at);
  `,
  // 3: rollups keyed by dimension first, so a window reads only the dimension it needs;
  // per-session lookups by key; sessions by recency.
  `
  CREATE TABLE rollup_minute_v3 (
    bucket INTEGER NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0, cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0, unpriced INTEGER NOT NULL DEFAULT 0, calls INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, bucket, key)
  ) WITHOUT ROWID;
  INSERT INTO rollup_minute_v3 SELECT bucket, dim, key, requests, input_tokens, output_tokens, cache_creation_tokens,
    cache_read_tokens, cost_usd, unpriced, calls, failed FROM rollup_minute;
  DROP TABLE rollup_minute;
  ALTER TABLE rollup_minute_v3 RENAME TO rollup_minute;

  CREATE TABLE rollup_hour_v3 (
    bucket INTEGER NOT NULL, dim TEXT NOT NULL, key TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0, input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,
    cache_creation_tokens INTEGER NOT NULL DEFAULT 0, cache_read_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd REAL NOT NULL DEFAULT 0, unpriced INTEGER NOT NULL DEFAULT 0, calls INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (dim, bucket, key)
  ) WITHOUT ROWID;
  INSERT INTO rollup_hour_v3 SELECT bucket, dim, key, requests, input_tokens, output_tokens, cache_creation_tokens,
    cache_read_tokens, cost_usd, unpriced, calls, failed FROM rollup_hour;
  DROP TABLE rollup_hour;
  ALTER TABLE rollup_hour_v3 RENAME TO rollup_hour;

  CREATE INDEX rollup_minute_session ON rollup_minute (key, bucket) WHERE dim = 's';
  CREATE INDEX rollup_hour_session ON rollup_hour (key, bucket) WHERE dim = 's';
  CREATE INDEX sessions_last_seen ON sessions (last_seen, id);
  `,
  // 4: leases (one holder at a time per name, e.g. per transcript folder); expires_at in Unix seconds.
  `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at REAL NOT NULL
  );
  `,
  // 5: the content key of a followed file, so a file moved by a copy is not read again.
  `
  ALTER TABLE source_files ADD COLUMN content_key TEXT;
  `,
  // 6: agents and machines (issues 13 and 19: per-agent and per-machine figures, and windows filtered to one of each).
  // Every event, request, session and task records its agent and machine; the rollups are kept per scope (see
  // store/scope-rows.ts), with reasoning tokens. Existing data: the agent by the legacy rule (scope-rows.ts,
  // LEGACY_CLAUDE), the machine the store runs on (LOCAL_MACHINE).
  `

${scopedRollup('rollup_minute')}${scopedRollup('rollup_hour')}  DROP TABLE rollup_minute;
  ALTER TABLE rollup_minute_v6 RENAME TO rollup_minute;
  DROP TABLE rollup_hour;
  ALTER TABLE rollup_hour_v6 RENAME TO rollup_hour;
  CREATE INDEX rollup_minute_session ON rollup_minute (key, bucket) WHERE dim = 's';
  CREATE INDEX rollup_hour_session ON rollup_hour (key, bucket) WHERE dim = 's';

  ALTER TABLE events ADD COLUMN agent TEXT NOT NULL DEFAULT 'unknown';
  ALTER TABLE events ADD COLUMN machine TEXT NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  UPDATE events SET agent = CASE
      WHEN json_extract(data, '$.agent') IS NOT NULL THEN json_extract(data, '$.agent')
      WHEN json_extract(data, '$.mergeMax') OR json_extract(data, '$.model') LIKE 'claude%' OR json_extract(data, '$.callId') LIKE 'toolu%' THEN 'claude-code'
      ELSE 'unknown' END
    WHERE type <> 'activity' OR json_extract(data, '$.agent') IS NOT NULL;
  CREATE INDEX events_scope ON events (agent, machine, ts);

  ALTER TABLE requests ADD COLUMN agent TEXT NOT NULL DEFAULT 'claude-code';
  ALTER TABLE requests ADD COLUMN machine TEXT NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  ALTER TABLE requests ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE sessions ADD COLUMN agent TEXT NOT NULL DEFAULT 'unknown';
  ALTER TABLE sessions ADD COLUMN machine TEXT NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  UPDATE sessions SET agent = 'claude-code' WHERE model LIKE 'claude%';
  CREATE INDEX sessions_scope ON sessions (agent, machine, last_seen, id);

  ALTER TABLE tasks ADD COLUMN agent TEXT NOT NULL DEFAULT 'unknown';
  ALTER TABLE tasks ADD COLUMN machine TEXT NOT NULL DEFAULT '@@LOCAL_MACHINE@@';
  CREATE INDEX tasks_scope ON tasks (agent, machine, updated_at);

  -- Every (agent, machine) pair heard from, with its first and last event: the scopes a window lists.
  CREATE TABLE scopes (
    agent TEXT NOT NULL,
    machine TEXT NOT NULL,
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL,
    PRIMARY KEY (agent, machine)
  ) WITHOUT ROWID;
  INSERT INTO scopes (agent, machine, first_seen, last_seen)
    SELECT agent, machine, MIN(f), MAX(l) FROM (
      SELECT agent, machine, MIN(ts) AS f, MAX(ts) AS l FROM events GROUP BY agent, machine
      UNION ALL SELECT agent, machine, MIN(first_seen), MAX(last_seen) FROM sessions GROUP BY agent, machine
      UNION ALL SELECT agent, machine, MIN(created_at), MAX(updated_at) FROM tasks GROUP BY agent, machine)
    GROUP BY agent, machine;
  `,
  // 7: live session state (issue 15, hooks): one row per session; the hooks received (content only with
  // MONITORING_HOOKS_STORE_CONTENT); and each counted tool call's outcome, so a second report of one call
  // (a PostToolUse hook, a transcript's tool_use block) fills in its outcome and duration instead of being dropped.
  `
  CREATE TABLE live_sessions (
    session_id TEXT PRIMARY KEY,
    agent TEXT NOT NULL,
    project TEXT,
    state TEXT NOT NULL,
    since REAL NOT NULL,
    tool TEXT,
    message TEXT,
    subagents TEXT NOT NULL DEFAULT '[]',
    last_event_at REAL NOT NULL
  );
  CREATE INDEX live_sessions_last_event ON live_sessions (last_event_at);
  CREATE INDEX live_sessions_working ON live_sessions (last_event_at) WHERE state = 'working';
  CREATE TABLE hook_events (
    id INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    session_id TEXT NOT NULL,
    event TEXT NOT NULL,
    tool TEXT,
    detail TEXT NOT NULL
  );
  CREATE INDEX hook_events_session ON hook_events (session_id, ts);
  CREATE TABLE tool_calls (
    key TEXT PRIMARY KEY,
    ts REAL NOT NULL,
    tool TEXT NOT NULL,
    session_id TEXT,
    success INTEGER,
    duration_ms REAL
  ) WITHOUT ROWID;
  `,
  // 8: alerts (issue 18): the alerts that are on, and the outbox of notices (recorded, then delivered).
  `
  CREATE TABLE alert_active (
    rule TEXT NOT NULL,
    instance TEXT NOT NULL,
    kind TEXT NOT NULL,
    fired_at REAL NOT NULL,
    notified_at REAL NOT NULL,
    alert TEXT NOT NULL,
    PRIMARY KEY (rule, instance)
  );
  CREATE TABLE alert_outbox (
    id INTEGER PRIMARY KEY,
    created_at REAL NOT NULL,
    rule TEXT NOT NULL,
    instance TEXT NOT NULL,
    notice TEXT NOT NULL,
    channel TEXT NOT NULL,
    alert TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_at REAL NOT NULL,
    delivered_at REAL,
    last_error TEXT
  );
  CREATE INDEX alert_outbox_due ON alert_outbox (status, next_at);
  `,
  // 9: plan limits (issue 16): the newest report of each limit window per agent, window and machine,
  // and the latest status line of each session; API requests by time for 5-hour blocks.
  `
  CREATE TABLE limit_reports (
    agent TEXT NOT NULL,
    window TEXT NOT NULL,
    machine TEXT NOT NULL,
    window_minutes INTEGER NOT NULL,
    used_percent REAL NOT NULL,
    resets_at REAL,
    source TEXT NOT NULL,
    observed_at REAL NOT NULL,
    PRIMARY KEY (agent, window, machine)
  ) WITHOUT ROWID;
  CREATE TABLE statusline_sessions (
    session_id TEXT NOT NULL,
    machine TEXT NOT NULL,
    agent TEXT NOT NULL,
    model TEXT,
    model_name TEXT,
    project TEXT,
    cost_usd REAL,
    duration_ms REAL,
    lines_added INTEGER,
    lines_removed INTEGER,
    context_used_percent REAL,
    context_window_size INTEGER,
    version TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (session_id, machine)
  ) WITHOUT ROWID;
  CREATE INDEX statusline_sessions_updated ON statusline_sessions (updated_at);
  CREATE INDEX events_requests_ts ON events (ts) WHERE type = 'api_request';
  `,
  // 10: the sessions API (issue 17): a session's events in time order (its requests, tools and errors),
  // and its tool calls' outcomes. The expression is the one store/sqlite/sessions-sql.ts reads.
  `
  CREATE INDEX events_session ON events (json_extract(data, '$.sessionId'), ts);
  CREATE INDEX tool_calls_session ON tool_calls (session_id);
  `,
  // 11: tasks linked to their agent sessions (issue 17 §3), added by task events; read by task.
  `
  CREATE TABLE task_sessions (
    task_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    PRIMARY KEY (task_id, session_id)
  ) WITHOUT ROWID;
  `,
];
