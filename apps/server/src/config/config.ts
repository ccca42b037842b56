import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parsePlan } from '../limits/plan.js';
import { describeIssues } from '../errors/describe-issues.js';
import { PRICE_TABLE, priceFileSchema, type PriceRow } from '../metrics/pricing.js';

/**
 * Data sources a server can run besides the ingest API (always on):
 * `claude` (Claude Code transcripts), `otlp` (OTLP/HTTP JSON receiver on /v1/logs and /v1/metrics),
 * `demo` (simulated fleet); `none` runs only the ingest API.
 */
export const SOURCE_NAMES = ['claude', 'otlp', 'demo', 'none'] as const;
export type SourceName = Exclude<(typeof SOURCE_NAMES)[number], 'none'>;

const dirList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const boolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const secret = z.string().min(16, { message: 'must be at least 16 characters' }).max(4096);

/** A rate per second, or `off` (no limit: 0). */
const rate = z.union([z.literal('off').transform(() => 0), z.coerce.number().positive().max(1_000_000)]);

const envSchema = z.object({
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  MONITORING_HOST: z.string().min(1).default('127.0.0.1'),
  /** TCP port. Default 3000; 0 picks a free port. */
  MONITORING_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Verbose (debug-level) logs. Default off. */
  MONITORING_DEBUG: boolean.default(false),
  /** SQLite file path, or `:memory:`. Default `./data/amiga-monitor.db`. */
  MONITORING_DB: z.string().min(1).default(path.join('data', 'amiga-monitor.db')),
  /**
   * Comma-separated data sources to run (`claude`, `otlp`, `demo`), or `none` for the ingest API only.
   * Unset or empty: automatic, i.e. `claude` when a transcript folder exists, else `demo`; plus `otlp`.
   */
  MONITORING_SOURCES: z
    .string()
    .default('')
    .transform((value, ctx) => {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const name of names) {
        if (!(SOURCE_NAMES as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', message: `unknown source "${name}" (known: ${SOURCE_NAMES.join(', ')})` });
        }
      }
      return { auto: names.length === 0, names: [...new Set(names.filter((n) => n !== 'none'))] as SourceName[] };
    }),
  /** Claude Code config folders, comma-separated, each holding `projects/` (Claude Code's own variable). Default `~/.claude,~/.config/claude`. */
  CLAUDE_CONFIG_DIR: dirList,
  /** Overrides CLAUDE_CONFIG_DIR for the monitor: comma-separated folders, each a Claude config folder holding `projects/`, or a projects folder itself. */
  MONITORING_CLAUDE_DIR: dirList,
  /** Milliseconds between size checks of watched transcripts (fs.watch events wake the reader sooner). Default 400. */
  MONITORING_TRANSCRIPT_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(400),
  /** A running task with no update for this many minutes is reported as stale. Default 60. */
  MONITORING_STALE_TASK_MINUTES: z.coerce.number().positive().max(525_600).default(60),
  /** JSON file of price rows that override the built-in table (see metrics/pricing.ts). Default: none. */
  MONITORING_PRICES: z.string().min(1).optional(),
  /**
   * Claude plan, for the token limit of Claude Code's 5-hour blocks: `pro` (44,000), `max5` (88,000),
   * `max20` (220,000) input + output tokens, or a number of tokens. Default: none (estimated from past blocks).
   */
  MONITORING_PLAN: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const plan = parsePlan(value);
      if (typeof plan === 'string') {
        ctx.addIssue({ code: 'custom', message: plan });
        return z.NEVER;
      }
      return plan;
    }),
  /** Home folder, for the default Claude folders. */
  HOME: z.string().optional(),
  /** Token required on every surface (Socket.IO handshake, SSE, REST, ingest, OTLP, /metrics). Default: none (open). */
  MONITORING_TOKEN: secret.optional(),
  /** When set, the only token that may write (POST /api/events, /v1/logs, /v1/metrics); MONITORING_TOKEN then only reads. */
  MONITORING_INGEST_TOKEN: secret.optional(),
  /** When set, the only token that opens the admin routes (GET /api/clients); it reads too. Default: none (MONITORING_TOKEN opens them). */
  MONITORING_ADMIN_TOKEN: secret.optional(),
  /** Comma-separated browser origins allowed besides the server's own (HTTP CORS and WebSocket upgrades). Default: same origin only. */
  MONITORING_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const origins = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      for (const origin of origins) {
        let ok = false;
        try {
          ok = new URL(origin).origin === origin;
        } catch {
          ok = false;
        }
        if (!ok) ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://dash.example.com (no "*", no path)` });
      }
      return origins;
    }),
  /**
   * OTLP/gRPC receiver port, on MONITORING_HOST, while the `otlp` source runs; `off` turns it off. Default 4317
   * (the OpenTelemetry Collector's). A port it cannot listen on is a warning and degraded health, not a failed start.
   */
  MONITORING_OTLP_GRPC_PORT: z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]).default(4317),
  /** HTTP requests per second allowed per client IP (bursts of twice that), or `off`. Default 100. */
  MONITORING_RATE_LIMIT: rate.default(100),
  /** New Socket.IO connections per second allowed per client IP (bursts of four times that), or `off`. Default 20. */
  MONITORING_CONNECT_RATE: rate.default(20),
  /** Socket.IO events per second a client may send (bursts of twice that), or `off`. Default 10. */
  MONITORING_EVENT_RATE: rate.default(10),
  /** Seconds between heartbeat pings to each Socket.IO client (their round trips feed /metrics). Default 25. */
  MONITORING_PING_INTERVAL: z.coerce.number().min(0.05).max(300).default(25),
  /** Seconds without a pong after which a client is dropped (and counted). Default 20. */
  MONITORING_PING_TIMEOUT: z.coerce.number().min(0.05).max(300).default(20),
  /**
   * WebSocket per-message compression (permessage-deflate) for messages of 1 KB and more: `on` or `off`.
   * Default off: it makes updates about 70x smaller on the wire, but costs a deflate per client per update
   * (5–7x the CPU per delivery) and about 300 KB per client (BENCHMARKS.md).
   */
  MONITORING_WS_COMPRESSION: boolean.default(false),
  /**
   * Clients an update is handed to per turn of the event loop: a broadcast to more goes out in chunks,
   * so other work (requests, pings, timers) runs in between. Default 500; 0 sends to all in one turn.
   */
  MONITORING_BROADCAST_CHUNK: z.coerce.number().int().min(0).max(1_000_000).default(500),
  /** Folder holding the dashboard's production build. Default: the @amiga/dashboard package's `dist`. */
  MONITORING_DASHBOARD_DIR: z.string().min(1).optional(),
  /** PostgreSQL URL (`postgres://user@host:port/db`): the store of a cluster of nodes. Unset: the SQLite file MONITORING_DB. */
  MONITORING_DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: 'must be a URL like postgres://user:password@host:5432/amiga' })
    .optional(),
  /** Redis URL (`redis://host:port`): nodes that share it form one Socket.IO cluster. Unset: a single node. */
  MONITORING_REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\//.test(v), { message: 'must be a URL like redis://127.0.0.1:6379' })
    .optional(),
  /** Seconds a node holds a source lease without renewing it (transcripts and demo run on one node of a cluster at a time). Default 15. */
  MONITORING_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  /** This node's name in a cluster (holder of source leases, origin of change notices). Default: host name and pid. */
  MONITORING_NODE_ID: z.string().min(1).max(128).optional(),
  /** Log level (`fatal` … `trace`); overrides MONITORING_DEBUG. */
  MONITORING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

/**
 * The configuration: every variable above, validated, defaulted and turned into what the server
 * uses. `Config` is this schema's output type, so each setting is declared once (its variable,
 * its default and its doc comment above) and mapped once (below).
 */
const configSchema = envSchema.transform((e) => {
  const home = e.HOME ?? os.homedir();
  return {
    host: e.MONITORING_HOST,
    port: e.MONITORING_PORT,
    debug: e.MONITORING_DEBUG,
    dbPath: e.MONITORING_DB,
    /** Sources named in MONITORING_SOURCES (never `none`); empty with `sourcesAuto` set means "choose at start". */
    sources: e.MONITORING_SOURCES.names,
    /** MONITORING_SOURCES was unset: run `claude` when a transcript folder exists, else `demo`, plus `otlp`. */
    sourcesAuto: e.MONITORING_SOURCES.auto,
    /** Claude config folders (each holding `projects/`). */
    claudeConfigDirs: e.CLAUDE_CONFIG_DIR.length > 0 ? e.CLAUDE_CONFIG_DIR : [path.join(home, '.claude'), path.join(home, '.config', 'claude')],
    /** MONITORING_CLAUDE_DIR folders: a config folder or a projects folder; when set, they replace `claudeConfigDirs`. */
    claudeDirs: e.MONITORING_CLAUDE_DIR,
    transcriptPollMs: e.MONITORING_TRANSCRIPT_POLL_MS,
    staleTaskMinutes: e.MONITORING_STALE_TASK_MINUTES,
    /** MONITORING_PLAN: the token limit of Claude Code's blocks, or undefined. */
    plan: e.MONITORING_PLAN,
    /** Price table in effect: override rows first, then the built-in table. */
    prices: e.MONITORING_PRICES === undefined ? PRICE_TABLE : [...loadPriceFile(e.MONITORING_PRICES), ...PRICE_TABLE],
    /** MONITORING_TOKEN / MONITORING_INGEST_TOKEN / MONITORING_ADMIN_TOKEN (see security/token.ts for what each opens). */
    token: e.MONITORING_TOKEN,
    ingestToken: e.MONITORING_INGEST_TOKEN,
    adminToken: e.MONITORING_ADMIN_TOKEN,
    corsOrigins: e.MONITORING_CORS_ORIGINS,
    /** Per-second limits; 0 = off. */
    httpRate: e.MONITORING_RATE_LIMIT,
    connectRate: e.MONITORING_CONNECT_RATE,
    eventRate: e.MONITORING_EVENT_RATE,
    /** Heartbeat: ping period and the silence after which a client is dropped, ms. */
    pingIntervalMs: e.MONITORING_PING_INTERVAL * 1000,
    pingTimeoutMs: e.MONITORING_PING_TIMEOUT * 1000,
    dashboardDir: e.MONITORING_DASHBOARD_DIR,
    wsCompression: e.MONITORING_WS_COMPRESSION,
    /** MONITORING_OTLP_GRPC_PORT: a port (0: a free one), or `off`. */
    otlpGrpcPort: e.MONITORING_OTLP_GRPC_PORT,
    /** MONITORING_BROADCAST_CHUNK: clients per turn of the event loop when broadcasting (0: all at once). */
    broadcastChunk: e.MONITORING_BROADCAST_CHUNK,
    databaseUrl: e.MONITORING_DATABASE_URL,
    redisUrl: e.MONITORING_REDIS_URL,
    /** This node's name in a cluster. */
    nodeId: e.MONITORING_NODE_ID ?? `${os.hostname()}-${process.pid}`,
    leaseSeconds: e.MONITORING_LEASE_SECONDS,
    logLevel: e.MONITORING_LOG_LEVEL ?? (e.MONITORING_DEBUG ? ('debug' as const) : ('info' as const)),
  };
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from environment variables; throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`invalid configuration:\n  ${describeIssues(result.error, { max: Infinity, separator: '\n  ' })}`);
  }
  return result.data;
}

/** Reads and validates the MONITORING_PRICES file; errors name the variable. */
function loadPriceFile(file: string): PriceRow[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`invalid configuration:\n  MONITORING_PRICES: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = priceFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration:\n  MONITORING_PRICES: ${file}: ${describeIssues(parsed.error, { max: 5 })}`);
  }
  return parsed.data;
}

/** The environment of `testConfig`: in-memory store, free port, limits off, quiet logs, no folders. */
const TEST_ENV: NodeJS.ProcessEnv = {
  MONITORING_PORT: '0',
  MONITORING_DB: ':memory:',
  MONITORING_SOURCES: 'none',
  MONITORING_TRANSCRIPT_POLL_MS: '100',
  // Limits off unless a test turns them on.
  MONITORING_RATE_LIMIT: 'off',
  MONITORING_CONNECT_RATE: 'off',
  MONITORING_EVENT_RATE: 'off',
  MONITORING_NODE_ID: `test-${process.pid}`,
  MONITORING_LOG_LEVEL: 'silent',
  // Tests that want the gRPC receiver ask for it (port 0: a free one).
  MONITORING_OTLP_GRPC_PORT: 'off',
};

/** A configuration for tests and embedding: the defaults, with TEST_ENV on top, then `overrides`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig(TEST_ENV), claudeConfigDirs: [], ...overrides };
}
