import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { machineName } from '@amiga/protocol';
import { AlertsFileError, loadAlertsFile } from '../alerts/loader.js';
import type { AlertsFile } from '../alerts/rules-schema.js';
import { parsePlan } from '../limits/plan.js';
import { describeIssues } from '../errors/describe-issues.js';
import { priceFileSchema, type PriceRow } from '../metrics/pricing.js';
import { parseTrustProxy } from '../security/client-address.js';

/**
 * Data sources a server can run besides the ingest API (always on):
 * `claude` (Claude Code transcripts), `codex` (Codex CLI rollouts), `gemini` (Gemini CLI chat
 * recordings), `otlp` (OTLP receiver on /v1/logs, /v1/metrics, /v1/traces), `demo` (simulated
 * fleet); `none` runs only the ingest API.
 */
export const SOURCE_NAMES = ['claude', 'codex', 'gemini', 'otlp', 'demo', 'none'] as const;
/** The sources that read an agent's files; with MONITORING_SOURCES unset, each runs when its folder exists. */
export const FILE_SOURCES = ['claude', 'codex', 'gemini'] as const;
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

/** No MONITORING_PRICES file: one array, so the pricer built for it is shared. */
const NO_PRICE_OVERRIDES: readonly PriceRow[] = [];

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
   * Comma-separated data sources to run (`claude`, `codex`, `gemini`, `otlp`, `demo`), or `none` for the ingest API only.
   * Unset or empty: automatic, i.e. each of `claude`, `codex`, `gemini` whose folder exists (`demo` when none does); plus `otlp`.
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
  /** Codex CLI's home folders, comma-separated, each holding `sessions/` and `archived_sessions/` (Codex's own variable). Default `~/.codex`. */
  CODEX_HOME: dirList,
  /** Overrides CODEX_HOME for the monitor: comma-separated folders, each a Codex home or a folder of rollouts itself. */
  MONITORING_CODEX_DIR: dirList,
  /** Gemini CLI folders to read, comma-separated: each a Gemini home (`~/.gemini`, its `tmp/` is read) or a `tmp` folder itself. Default `~/.gemini/tmp`. */
  MONITORING_GEMINI_DIR: dirList,
  /** Milliseconds between size checks of watched transcripts (fs.watch events wake the reader sooner). Default 400. */
  MONITORING_TRANSCRIPT_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(400),
  /** A running task with no update for this many minutes is reported as stale. Default 60. */
  MONITORING_STALE_TASK_MINUTES: z.coerce.number().positive().max(525_600).default(60),
  /** A working session (live state, from hooks) that sends nothing for this many minutes is reported as stale. Default 10. */
  MONITORING_STALE_SESSION_MINUTES: z.coerce.number().positive().max(525_600).default(10),
  /**
   * `on` keeps the content of Claude Code hook events (prompts, tool inputs and outputs) in the database.
   * Default off: only the tool's name, a file tool's path, a command's first word and lengths (SECURITY.md).
   */
  MONITORING_HOOKS_STORE_CONTENT: boolean.default(false),
  /** JSON file of price rows that override the shipped price dataset (see metrics/pricing.ts). Default: none. */
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
  /**
   * Proxies to believe about the client's address (express's `trust proxy`): a hop count, or a comma list of
   * addresses/CIDRs (`loopback`, `linklocal`, `uniquelocal` too). Then X-Forwarded-For names the client for rate
   * limits, logs and /api/clients, over HTTP and Socket.IO alike. Default off (the socket's peer).
   */
  MONITORING_TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
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
  /**
   * The machine this server runs on, stamped on every event that names none (its own sources, ingest without
   * `machine`): 1-128 of A-Z a-z 0-9 . _ -. Default: the host name (other characters as `-`).
   */
  MONITORING_MACHINE: machineName.optional(),
  /** JSON file of alert channels and rules (README "Alerts"); validated at start, reloaded when it changes. Default: none (no alerts). */
  MONITORING_ALERTS: z.string().min(1).optional(),
  /** The dashboard's address as people open it (`https://monitor.example.com`), for links in alerts. Default: the address the server listens on. */
  MONITORING_PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^/]/.test(v), { message: 'must be an http:// or https:// URL' })
    .optional(),
  /** Milliseconds before the first retry of a failed alert delivery (then doubling, with jitter, up to 5 min). Default 1000. */
  MONITORING_ALERT_RETRY_MS: z.coerce.number().min(10).max(300_000).default(1000),
  /** Seconds a failing alert delivery is retried before it is marked failed. Default 86400 (a day). */
  MONITORING_ALERT_RETRY_FOR: z.coerce.number().min(1).max(30 * 86_400).default(86_400),
  /** Milliseconds one alert delivery attempt may take. Default 10000. */
  MONITORING_ALERT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Milliseconds between evaluations of the alert rules when nothing is committed (time-based conditions: stale tasks, no data, waiting agents). Default 15000. */
  MONITORING_ALERT_TICK_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
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
    /** CODEX_HOME folders (each holding `sessions/` and `archived_sessions/`). */
    codexHomes: e.CODEX_HOME.length > 0 ? e.CODEX_HOME : [path.join(home, '.codex')],
    /** MONITORING_CODEX_DIR folders: a Codex home or a rollouts folder; when set, they replace `codexHomes`. */
    codexDirs: e.MONITORING_CODEX_DIR,
    /** Gemini homes or `tmp` folders (MONITORING_GEMINI_DIR, default `~/.gemini/tmp`). */
    geminiDirs: e.MONITORING_GEMINI_DIR.length > 0 ? e.MONITORING_GEMINI_DIR : [path.join(home, '.gemini', 'tmp')],
    transcriptPollMs: e.MONITORING_TRANSCRIPT_POLL_MS,
    staleTaskMinutes: e.MONITORING_STALE_TASK_MINUTES,
    staleSessionMinutes: e.MONITORING_STALE_SESSION_MINUTES,
    hooksStoreContent: e.MONITORING_HOOKS_STORE_CONTENT,
    /** MONITORING_PRICES rows, tried before the shipped price dataset (metrics/prices); empty when unset. */
    prices: e.MONITORING_PRICES === undefined ? NO_PRICE_OVERRIDES : loadPriceFile(e.MONITORING_PRICES),
    /** MONITORING_PLAN: the token limit of Claude Code's blocks, or undefined. */
    plan: e.MONITORING_PLAN,
    /** MONITORING_TOKEN / MONITORING_INGEST_TOKEN / MONITORING_ADMIN_TOKEN (see security/token.ts for what each opens). */
    token: e.MONITORING_TOKEN,
    ingestToken: e.MONITORING_INGEST_TOKEN,
    adminToken: e.MONITORING_ADMIN_TOKEN,
    corsOrigins: e.MONITORING_CORS_ORIGINS,
    /** Per-second limits; 0 = off. */
    httpRate: e.MONITORING_RATE_LIMIT,
    connectRate: e.MONITORING_CONNECT_RATE,
    eventRate: e.MONITORING_EVENT_RATE,
    /** MONITORING_TRUST_PROXY compiled (null: off): see security/client-address.ts. */
    trustProxy: e.MONITORING_TRUST_PROXY,
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
    /** MONITORING_MACHINE: the machine of events that name none. */
    machine: e.MONITORING_MACHINE ?? hostMachine(),
    leaseSeconds: e.MONITORING_LEASE_SECONDS,
    /** MONITORING_ALERTS: the file's path (loadConfig reads it into `alerts`). */
    alertsPath: e.MONITORING_ALERTS,
    publicUrl: e.MONITORING_PUBLIC_URL?.replace(/\/+$/, ''),
    alertRetry: { firstMs: e.MONITORING_ALERT_RETRY_MS, maxMs: 300_000, retryForSeconds: e.MONITORING_ALERT_RETRY_FOR, timeoutMs: e.MONITORING_ALERT_TIMEOUT_MS },
    alertTickMs: e.MONITORING_ALERT_TICK_MS,
    logLevel: e.MONITORING_LOG_LEVEL ?? (e.MONITORING_DEBUG ? ('debug' as const) : ('info' as const)),
  };
});

export type Config = z.output<typeof configSchema> & {
  /** The MONITORING_ALERTS file as loaded at start (validated, secrets read from the environment); none without the variable. */
  alerts?: AlertsFile;
};

/** The host name as a machine name: characters a machine name cannot hold become `-`, at most 128; `localhost` when empty. */
export function hostMachine(host = os.hostname()): string {
  return host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 128) || 'localhost';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from environment variables; throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`invalid configuration:\n  ${describeIssues(result.error, { max: Infinity, separator: '\n  ' })}`);
  }
  if (result.data.alertsPath === undefined) return result.data;
  try {
    return { ...result.data, alerts: loadAlertsFile(result.data.alertsPath, env) };
  } catch (err) {
    if (err instanceof AlertsFileError) throw new ConfigError(`invalid configuration:\n  MONITORING_ALERTS: ${err.message}`);
    throw err;
  }
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
  return { ...loadConfig(TEST_ENV), claudeConfigDirs: [], codexHomes: [], geminiDirs: [], ...overrides };
}
