import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
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
  /** Home folder, for the default Claude folders. */
  HOME: z.string().optional(),
  /** Token required on every surface (Socket.IO handshake, SSE, REST, ingest, OTLP, /metrics). Default: none (open). */
  MONITORING_TOKEN: secret.optional(),
  /** When set, the only token that may write (POST /api/events, /v1/logs, /v1/metrics); MONITORING_TOKEN then only reads. */
  MONITORING_INGEST_TOKEN: secret.optional(),
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

export type Config = {
  host: string;
  port: number;
  debug: boolean;
  dbPath: string;
  /** Sources named in MONITORING_SOURCES (never `none`); empty with `sourcesAuto` set means "choose at start". */
  sources: string[];
  /** MONITORING_SOURCES was unset: run `claude` when a transcript folder exists, else `demo`, plus `otlp`. */
  sourcesAuto: boolean;
  /** Claude config folders (each holding `projects/`). */
  claudeConfigDirs: string[];
  /** MONITORING_CLAUDE_DIR folders: a config folder or a projects folder; when set, they replace `claudeConfigDirs`. */
  claudeDirs: string[];
  transcriptPollMs: number;
  staleTaskMinutes: number;
  /** Price table in effect: override rows first, then the built-in table. */
  prices: readonly PriceRow[];
  /** MONITORING_TOKEN / MONITORING_INGEST_TOKEN. */
  token: string | undefined;
  ingestToken: string | undefined;
  corsOrigins: string[];
  /** Per-second limits; 0 = off. */
  httpRate: number;
  connectRate: number;
  eventRate: number;
  /** Heartbeat: ping period and the silence after which a client is dropped, ms. */
  pingIntervalMs: number;
  pingTimeoutMs: number;
  dashboardDir: string | undefined;
  /** MONITORING_WS_COMPRESSION: permessage-deflate for WebSocket messages of 1 KB and more. */
  wsCompression: boolean;
  /** MONITORING_BROADCAST_CHUNK: clients per turn of the event loop when broadcasting (0: all at once). */
  broadcastChunk: number;
  /** MONITORING_DATABASE_URL: PostgreSQL instead of SQLite. */
  databaseUrl: string | undefined;
  /** MONITORING_REDIS_URL: join a Socket.IO cluster through Redis. */
  redisUrl: string | undefined;
  nodeId: string;
  /** Source lease time to live, seconds. */
  leaseSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from environment variables; throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  const home = e.HOME ?? os.homedir();
  return {
    host: e.MONITORING_HOST,
    port: e.MONITORING_PORT,
    debug: e.MONITORING_DEBUG,
    dbPath: e.MONITORING_DB,
    sources: e.MONITORING_SOURCES.names,
    sourcesAuto: e.MONITORING_SOURCES.auto,
    claudeConfigDirs: e.CLAUDE_CONFIG_DIR.length > 0 ? e.CLAUDE_CONFIG_DIR : [path.join(home, '.claude'), path.join(home, '.config', 'claude')],
    claudeDirs: e.MONITORING_CLAUDE_DIR,
    transcriptPollMs: e.MONITORING_TRANSCRIPT_POLL_MS,
    staleTaskMinutes: e.MONITORING_STALE_TASK_MINUTES,
    prices: e.MONITORING_PRICES === undefined ? PRICE_TABLE : [...loadPriceFile(e.MONITORING_PRICES), ...PRICE_TABLE],
    token: e.MONITORING_TOKEN,
    ingestToken: e.MONITORING_INGEST_TOKEN,
    corsOrigins: e.MONITORING_CORS_ORIGINS,
    httpRate: e.MONITORING_RATE_LIMIT,
    connectRate: e.MONITORING_CONNECT_RATE,
    eventRate: e.MONITORING_EVENT_RATE,
    pingIntervalMs: e.MONITORING_PING_INTERVAL * 1000,
    pingTimeoutMs: e.MONITORING_PING_TIMEOUT * 1000,
    dashboardDir: e.MONITORING_DASHBOARD_DIR,
    wsCompression: e.MONITORING_WS_COMPRESSION,
    broadcastChunk: e.MONITORING_BROADCAST_CHUNK,
    databaseUrl: e.MONITORING_DATABASE_URL,
    redisUrl: e.MONITORING_REDIS_URL,
    nodeId: e.MONITORING_NODE_ID ?? `${os.hostname()}-${process.pid}`,
    leaseSeconds: e.MONITORING_LEASE_SECONDS,
    logLevel: e.MONITORING_LOG_LEVEL ?? (e.MONITORING_DEBUG ? 'debug' : 'info'),
  };
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
    const lines = parsed.error.issues.slice(0, 5).map((i) => `MONITORING_PRICES: ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/** A configuration for tests and embedding: in-memory store, free port, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 0,
    debug: false,
    dbPath: ':memory:',
    sources: [],
    sourcesAuto: false,
    claudeConfigDirs: [],
    claudeDirs: [],
    transcriptPollMs: 100,
    staleTaskMinutes: 60,
    prices: PRICE_TABLE,
    token: undefined,
    ingestToken: undefined,
    corsOrigins: [],
    // Limits off unless a test turns them on.
    httpRate: 0,
    connectRate: 0,
    eventRate: 0,
    pingIntervalMs: 25_000,
    pingTimeoutMs: 20_000,
    dashboardDir: undefined,
    wsCompression: false,
    broadcastChunk: 500,
    databaseUrl: undefined,
    redisUrl: undefined,
    nodeId: `test-${process.pid}`,
    leaseSeconds: 15,
    logLevel: 'silent',
    ...overrides,
  };
}
