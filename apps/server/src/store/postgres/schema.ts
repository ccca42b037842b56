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
  // Plan limits (issue 16): as SQLite's (see ../sqlite/schema.ts).
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
];
