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
  // Plan limits (issue 16): the newest report of each limit window per agent, window and machine,
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
];
